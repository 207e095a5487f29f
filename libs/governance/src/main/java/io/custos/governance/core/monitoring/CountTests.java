package io.custos.governance.core.monitoring;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * Significance of a batch's departure from the reference, on counts over matching cells (Apache
 * Commons Statistics). Two questions, because the chi-square test cannot answer the second:
 *
 * <p><b>1. Does the batch spread over the cells the reference has seen as the reference does?</b>
 * Chi-square goodness-of-fit of the batch's counts in those cells to the reference's proportions
 * (the reference taken as the true distribution). Cells whose expected count is below
 * {@value #MIN_EXPECTED} are pooled into one "other" group; while "other" is still too small the
 * smallest remaining cell joins it; with fewer than two groups left this test is not run. (The
 * same pooling rule as libs/data's homogeneity test, whose pooling is package-private and works on
 * two samples rather than on expected counts.)
 *
 * <p><b>2. Does the batch put more values where the reference has none</b> (below or above its
 * range, in categories or bins it never saw)? Such a cell's expected count is 0, so pooling it
 * would only hide it inside a seen cell. Instead: the chance of a value falling in any unseen cell
 * is taken as 1 / (N + 2) (Laplace's rule of succession for an outcome not seen in N reference
 * observations), and the one-sided binomial test asks how likely at least the observed number of
 * unseen values is. Run only when the batch has unseen values.
 *
 * <p>{@link Result#pValue()} is the chi-square p-value, or, when both tests ran, the Bonferroni
 * combination {@code min(1, 2 min(p1, p2))}.
 */
final class CountTests {

    /** Least expected count per group of the chi-square test. */
    static final double MIN_EXPECTED = 5;

    /**
     * @param chiSquare null when the chi-square test was not run; likewise its df and p-value
     * @param unseenPValue null when the batch had no values in unseen cells
     * @param pValue the combined p-value the verdict uses; null when neither test ran
     */
    record Result(Double chiSquare, Integer degreesOfFreedom, Double chiSquarePValue, Double unseenPValue,
            Double pValue) {
    }

    private record Group(double expected, long observed) {
        Group plus(Group g) {
            return new Group(expected + g.expected, observed + g.observed);
        }
    }

    private CountTests() {
    }

    /** Both totals must be positive. */
    static Result run(long[] reference, long[] batch) {
        long referenceTotal = 0;
        long seenTotal = 0;
        long unseen = 0;
        for (int i = 0; i < reference.length; i++) {
            referenceTotal += reference[i];
            if (reference[i] > 0) {
                seenTotal += batch[i];
            } else {
                unseen += batch[i];
            }
        }
        Result chi = seenTotal > 0 ? chiSquare(reference, batch, referenceTotal, seenTotal) : null;
        Double chiP = chi == null ? null : chi.chiSquarePValue();
        Double unseenP = unseen > 0 ? unseenPValue(referenceTotal, seenTotal + unseen, unseen) : null;
        Double p;
        if (chiP != null && unseenP != null) {
            p = Math.min(1, 2 * Math.min(chiP, unseenP));
        } else {
            p = chiP != null ? chiP : unseenP;
        }
        return new Result(chi == null ? null : chi.chiSquare(), chi == null ? null : chi.degreesOfFreedom(), chiP,
                unseenP, p);
    }

    /** The goodness-of-fit test over the seen cells, or null with fewer than two groups after pooling. */
    private static Result chiSquare(long[] reference, long[] batch, long referenceTotal, long seenTotal) {
        List<Group> kept = new ArrayList<>();
        Group other = null;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] == 0) {
                continue; // unseen cells: the binomial test's
            }
            Group cell = new Group((double) seenTotal * reference[i] / referenceTotal, batch[i]);
            if (cell.expected < MIN_EXPECTED) {
                other = other == null ? cell : other.plus(cell);
            } else {
                kept.add(cell);
            }
        }
        if (other != null) {
            kept.sort((p, q) -> Double.compare(p.expected, q.expected));
            while (other.expected < MIN_EXPECTED && !kept.isEmpty()) {
                other = other.plus(kept.remove(0));
            }
            kept.add(other);
        }
        if (kept.size() < 2) {
            return null;
        }
        double[] expected = new double[kept.size()];
        long[] observed = new long[kept.size()];
        for (int g = 0; g < kept.size(); g++) {
            expected[g] = kept.get(g).expected;
            observed[g] = kept.get(g).observed;
        }
        SignificanceResult r = ChiSquareTest.withDefaults().test(expected, observed);
        return new Result(r.getStatistic(), kept.size() - 1, r.getPValue(), null, r.getPValue());
    }

    /** P(X >= unseen) for X ~ Binomial(n, 1 / (N + 2)). */
    static double unseenPValue(long referenceTotal, long n, long unseen) {
        double p0 = 1.0 / (referenceTotal + 2.0);
        // BinomialTest counts in ints; a batch beyond 2^31 values is scaled down, keeping the share.
        if (n > Integer.MAX_VALUE) {
            double scale = (double) Integer.MAX_VALUE / n;
            unseen = Math.max(1, Math.round(unseen * scale));
            n = Integer.MAX_VALUE;
        }
        return BinomialTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN)
                .test((int) n, (int) unseen, p0).getPValue();
    }
}
