package io.custos.data.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.data.table.Column;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Quantiles from distinct numbers and their counts are those of the sorted rows. */
class SortedNumbersTest {

    private static double sortedQuantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        return lo + 1 >= sorted.length ? sorted[lo] : sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    @Test
    void quantilesAreThoseOfTheSortedRows() {
        SplittableRandom r = new SplittableRandom(9);
        String[] pool = {"1", "1.0", "-0.0", "0", "0.0", "2.5", "-3", "1e3", "x", "", "NA", "7", "7.000", "-0"};
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + r.nextInt(trial < 100 ? 5 : 400);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                values.add(r.nextInt(3) == 0 ? pool[r.nextInt(pool.length)]
                        : String.format(Locale.ROOT, "%.2f", r.nextGaussian() * (1 + r.nextInt(100))));
            }
            Column column = Column.of("v", values);
            double[] ofCode = column.dictionary().stream().mapToDouble(Column::parseNumber).toArray();
            double[] sorted = Arrays.stream(column.numbers()).filter(x -> !Double.isNaN(x)).sorted().toArray();
            SortedNumbers s = SortedNumbers.of(column, ofCode);
            assertEquals(sorted.length, s.count());
            if (sorted.length > 0) {
                for (double p : new double[] {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1}) {
                    // Bit for bit, so -0.0 and 0.0 differ.
                    assertEquals(Double.doubleToRawLongBits(sortedQuantile(sorted, p)),
                            Double.doubleToRawLongBits(s.quantile(p)), values + " p=" + p);
                }
            }
        }
    }
}
