package io.custos.bundle.archive;

import io.custos.bundle.archive.HostileBundleException.Reason;

/**
 * Counts what a bundle has actually produced so far (entries, and bytes really read or
 * inflated) and throws the moment a limit is crossed, so that no hostile input gets to use more
 * than the limits allow before it is refused.
 */
final class Budget {

    private final ArchiveLimits limits;
    private int entries;
    private long totalBytes;

    Budget(ArchiveLimits limits) {
        this.limits = limits;
    }

    /** One more entry (a file or a directory). */
    void countEntry(String path) {
        if (++entries > limits.maxEntries()) {
            throw tooManyEntries(path, limits);
        }
    }

    /**
     * A file has grown by {@code delta} bytes to {@code fileBytes}.
     *
     * @throws HostileBundleException OVERSIZED_FILE or TOO_LARGE
     */
    void grow(String path, long fileBytes, long delta) {
        if (fileBytes > limits.maxFileBytes()) {
            throw new HostileBundleException(Reason.OVERSIZED_FILE, path, "'" + EntryNames.printable(path)
                    + "' is larger than " + limits.maxFileBytes() + " bytes, the limit maxFileBytes");
        }
        totalBytes += delta;
        if (totalBytes > limits.maxTotalBytes()) {
            throw new HostileBundleException(Reason.TOO_LARGE, path, "the bundle's files add up to more than "
                    + limits.maxTotalBytes() + " bytes (the limit maxTotalBytes) at '" + EntryNames.printable(path)
                    + "'");
        }
    }

    static HostileBundleException tooManyEntries(String path, ArchiveLimits limits) {
        return new HostileBundleException(Reason.TOO_MANY_ENTRIES, path, "the bundle has more than "
                + limits.maxEntries() + " entries, the limit maxEntries"
                + (path == null ? "" : " (reached at '" + EntryNames.printable(path) + "')"));
    }
}
