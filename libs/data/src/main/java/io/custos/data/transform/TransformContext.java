package io.custos.data.transform;

/**
 * What steps need besides the table.
 *
 * @param fpeKey      the {@value FormatPreservingCipher#KEY_BYTES}-byte AES key for FF1
 *                    (format_preserving redaction); nullable when no step needs it
 * @param phoneRegion region for phone numbers without a country code; null = "US"
 */
public record TransformContext(byte[] fpeKey, String phoneRegion) {

    public TransformContext {
        fpeKey = fpeKey == null ? null : fpeKey.clone();
        phoneRegion = phoneRegion == null || phoneRegion.isBlank() ? "US" : phoneRegion;
    }

    @Override
    public byte[] fpeKey() {
        return fpeKey == null ? null : fpeKey.clone();
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "TransformContext[fpeKey=" + (fpeKey == null ? "none" : fpeKey.length + " bytes") + ", phoneRegion="
                + phoneRegion + "]";
    }
}
