package io.custos.bundle.onnx;

/**
 * How far ONNX Runtime's scores are from our predictor's on a sample.
 *
 * @param maxAbsDifference the largest |ONNX - Java| over probability_1 and probability_0 (NaN if
 *                         ONNX Runtime produced a NaN)
 * @param labelMismatches  rows whose labels differ although our probability is farther than
 *                         {@link OnnxParity#TOLERANCE} from the 0.5 threshold, i.e. flips that no
 *                         tolerated probability difference explains
 */
public record ParityResult(int rows, double maxAbsDifference, int labelMismatches) {

    /** True iff every probability is within {@code tolerance} and no label flip is unexplained. */
    public boolean within(double tolerance) {
        return maxAbsDifference <= tolerance && labelMismatches == 0;
    }
}
