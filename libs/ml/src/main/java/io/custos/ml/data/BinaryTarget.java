package io.custos.ml.data;

/** How a target value becomes a 0/1 label: the declared positive class, or a numeric 0/1. */
public final class BinaryTarget {

    private BinaryTarget() {
    }

    /**
     * @param positiveClass the value that counts as 1, or null for a numeric 0/1 target
     * @return 1 or 0, or null when the target is numeric and the value is not 0 or 1
     */
    public static Integer label(String raw, String positiveClass) {
        String v = raw == null ? "" : raw.strip();
        if (positiveClass != null) {
            return v.equals(positiveClass) ? 1 : 0;
        }
        return switch (v) {
            case "1", "1.0" -> 1;
            case "0", "0.0" -> 0;
            default -> null;
        };
    }
}
