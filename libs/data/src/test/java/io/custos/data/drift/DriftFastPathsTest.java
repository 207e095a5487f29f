package io.custos.data.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.SignificanceResult;
import org.junit.jupiter.api.Test;

/**
 * Drift computed from distinct values agrees exactly with drift computed row by row: numbers
 * sorted from all rows, categories gathered in a map in order of first appearance.
 */
class DriftFastPathsTest {

    private static Column column(String name, SplittableRandom r, int rows, String[] pool, int poolUse) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            values.add(pool[r.nextInt(Math.min(pool.length, poolUse))]);
        }
        return Column.of(name, values);
    }

    @Test
    void numbersAreTheSortedRows() {
        SplittableRandom r = new SplittableRandom(1);
        String[] pool = {"1", "1.0", "-0.0", "0", "2.5", "x", "", "1e2", "100", "-7"};
        for (int trial = 0; trial < 100; trial++) {
            Column c = column("n", r, 1 + r.nextInt(200), pool, pool.length);
            double[] rowOrder = Arrays.stream(c.numbers()).filter(x -> !Double.isNaN(x)).toArray();
            Arrays.sort(rowOrder);
            assertArrayEquals(rowOrder, DriftAnalyzer.sortedNumbers(c, false));
            double[] edges = rowOrder.length == 0 ? new double[0] : Psi.decileEdges(rowOrder);
            assertArrayEquals(Psi.binCounts(rowOrder, edges), Psi.binCountsSorted(rowOrder, edges));
        }
    }

    @Test
    void numericDriftIsTheRowWiseComputation() {
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 20; trial++) {
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                a.add(Integer.toString(r.nextInt(60)));
                b.add(String.format(Locale.ROOT, "%.1f", r.nextGaussian() * 10 + 30 + trial % 3));
            }
            Column x = Column.of("v", a);
            Column y = Column.of("v", b);
            ColumnDrift d = DriftAnalyzer.compare(new DataTable(List.of(x)), new DataTable(List.of(y)), null)
                    .columns().get(0);
            double[] xs = Arrays.stream(x.numbers()).filter(v -> !Double.isNaN(v)).toArray();
            double[] ys = Arrays.stream(y.numbers()).filter(v -> !Double.isNaN(v)).toArray();
            Arrays.sort(xs);
            double[] edges = Psi.decileEdges(xs);
            KolmogorovSmirnovTest.TwoResult ks = KolmogorovSmirnovTest.withDefaults().test(xs, ys);
            assertEquals(Psi.of(Psi.binCounts(xs, edges), Psi.binCounts(ys, edges)), d.psi());
            assertEquals(ks.getStatistic(), d.statistic());
            assertEquals(ks.getPValue(), d.pValue());
        }
    }

    @Test
    void categoricalDriftIsTheMapBasedComputation() {
        SplittableRandom r = new SplittableRandom(3);
        String[] pool = new String[300];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = i % 37 == 0 ? "NA" : i % 41 == 0 ? " " : "cat-" + i;
        }
        for (int trial = 0; trial < 40; trial++) {
            // Skewed use of the pool: some categories common, many rare (pooled into "other").
            Column x = column("c", r, 2000, pool, 10 + r.nextInt(290));
            Column y = trial % 5 == 0 ? x : column("c", r, 1000 + r.nextInt(2000), pool, 10 + r.nextInt(290));
            ColumnDrift d = DriftAnalyzer.compare(new DataTable(List.of(x)), new DataTable(List.of(y)), null)
                    .columns().get(0);

            Map<String, long[]> byCategory = new LinkedHashMap<>();
            long bCount = add(x, 0, byCategory);
            long cCount = add(y, 1, byCategory);
            List<long[]> groups = DriftAnalyzer.pool(new ArrayList<>(byCategory.values()), bCount, cCount);
            long[] b = groups.stream().mapToLong(g -> g[0]).toArray();
            long[] c = groups.stream().mapToLong(g -> g[1]).toArray();
            assertEquals(bCount, d.baselineCount());
            assertEquals(cCount, d.currentCount());
            assertEquals(groups.size(), d.bins());
            assertEquals(Psi.of(b, c), d.psi());
            if (groups.size() >= 2) {
                SignificanceResult chi = ChiSquareTest.withDefaults().test(new long[][] {b, c});
                assertEquals(chi.getStatistic(), d.statistic());
                assertEquals(chi.getPValue(), d.pValue());
            }
        }
    }

    private static long add(Column column, int side, Map<String, long[]> byCategory) {
        int[] counts = column.counts();
        long present = 0;
        for (int code = 0; code < counts.length; code++) {
            String v = column.dictionary().get(code);
            if (!Column.isMissing(v)) {
                byCategory.computeIfAbsent(v, k -> new long[2])[side] += counts[code];
                present += counts[code];
            }
        }
        return present;
    }
}
