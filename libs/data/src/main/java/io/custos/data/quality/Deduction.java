package io.custos.data.quality;

/**
 * Points taken off the quality score of 100, with the column they are about (null for the table
 * as a whole) and a reason that says what was found and how the points were computed.
 */
public record Deduction(double points, String column, String reason) {
}
