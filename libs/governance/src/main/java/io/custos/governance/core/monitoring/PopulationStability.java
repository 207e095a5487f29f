package io.custos.governance.core.monitoring;

/**
 * Population stability index over matching cells: {@code sum over cells of (b - r) ln(b / r)}, with
 * r and b the reference's and the batch's shares of their totals in the cell.
 *
 * <p><b>Empty cells.</b> A share of 0 would make the logarithm infinite, so it is replaced by
 * {@value #EPSILON} (shares are not renormalised). A cell holding 10% of the batch and nothing of
 * the reference (an unseen category, or values beyond the reference's range) thus adds
 * (0.1 - 0.0001) ln(1000) = 0.69: a clear drift, without an infinite index. Cells empty on both
 * sides add 0.
 *
 * <p>This is the same definition and epsilon as {@code io.custos.data.drift.Psi}, which works on
 * raw tables; that class is package-private in libs/data, so its ten-line formula is restated here
 * for counts rather than duplicated through a copy. Making it public there would let both share it.
 */
final class PopulationStability {

    /** Share used in place of 0; as in libs/data's drift analysis. */
    static final double EPSILON = 1e-4;

    private PopulationStability() {
    }

    /** The PSI; both totals must be positive. */
    static double of(long[] reference, long[] batch) {
        long referenceTotal = 0;
        long batchTotal = 0;
        for (int i = 0; i < reference.length; i++) {
            referenceTotal += reference[i];
            batchTotal += batch[i];
        }
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = Math.max(EPSILON, (double) reference[i] / referenceTotal);
            double b = Math.max(EPSILON, (double) batch[i] / batchTotal);
            psi += (b - r) * Math.log(b / r);
        }
        return psi;
    }
}
