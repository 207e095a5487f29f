package io.custos.federated.dp;

/**
 * What clipping did to one client's update. The norm is the client's own, data-dependent value:
 * it may go to that client or to diagnostics inside the trusted aggregator, never into a published
 * event or log, which only the noised round result may reach.
 *
 * @param norm the update's L2 norm before clipping
 * @param clippedNorm its norm after clipping, min(norm, C)
 * @param clipped whether the update was scaled down (norm > C)
 */
public record ClipResult(double norm, double clippedNorm, boolean clipped) {

    /** The adaptive-clipping bit b_i = 1[norm <= C] of Andrew et al. 2021. */
    public boolean withinClipNorm() {
        return !clipped;
    }
}
