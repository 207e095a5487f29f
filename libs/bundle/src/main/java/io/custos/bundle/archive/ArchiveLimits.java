package io.custos.bundle.archive;

/**
 * The resource limits a bundle must stay within, whether it arrives as a zip or as a directory.
 * Every limit is checked against bytes actually read or inflated, never against sizes an
 * archive declares about itself, and reading stops the moment one is crossed.
 *
 * @param maxEntries          most entries (files plus explicit directories) a bundle may have
 * @param maxFileBytes        most bytes one file may hold once uncompressed
 * @param maxTotalBytes       most uncompressed bytes all files together may hold
 * @param maxCompressionRatio most uncompressed bytes per compressed byte of one zip entry; only
 *                            enforced on entries larger than {@link #RATIO_EXEMPT_BYTES}, since
 *                            small, very regular files (empty JSON arrays, zero padding) legitimately
 *                            compress far better than that
 * @param maxPathLength       most characters (Unicode code points) in one relative path
 * @param maxDepth            most segments in one relative path: {@code MLmodel} has depth 1,
 *                            {@code artifacts/a/b.bin} depth 3
 */
public record ArchiveLimits(int maxEntries, long maxFileBytes, long maxTotalBytes, int maxCompressionRatio,
        int maxPathLength, int maxDepth) {

    /** Entries up to this many uncompressed bytes are exempt from the compression-ratio limit. */
    public static final long RATIO_EXEMPT_BYTES = 1L << 20;

    /** Files are held in one {@code byte[]} each, so no file can be larger than a Java array. */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    public ArchiveLimits {
        requirePositive("maxEntries", maxEntries);
        requirePositive("maxFileBytes", maxFileBytes);
        requirePositive("maxTotalBytes", maxTotalBytes);
        requirePositive("maxCompressionRatio", maxCompressionRatio);
        requirePositive("maxPathLength", maxPathLength);
        requirePositive("maxDepth", maxDepth);
        if (maxFileBytes > MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("maxFileBytes must be at most " + MAX_ARRAY_BYTES
                    + " (files are held in memory as byte arrays), got " + maxFileBytes);
        }
    }

    /**
     * 1000 entries, 256 MiB per file, 512 MiB in total, compression ratio 200 (for entries over
     * 1 MiB), paths of at most 255 characters and 8 segments.
     */
    public static ArchiveLimits defaults() {
        return new ArchiveLimits(1000, 256L << 20, 512L << 20, 200, 255, 8);
    }

    /**
     * The largest zip archive (compressed, on the wire) that could possibly satisfy these limits:
     * the total payload plus a generous allowance for per-entry headers and the end records. A
     * larger archive is rejected as {@link HostileBundleException.Reason#TOO_LARGE} before it is
     * parsed; an upload endpoint can use it to cap the request body.
     */
    public long maxArchiveBytes() {
        // Deflate can expand incompressible input very slightly; 1/64 covers it many times over.
        long payload = saturatedAdd(maxTotalBytes, maxTotalBytes / 64);
        // Local header + central header (46 + 30 bytes), the name twice (UTF-8: up to 4 bytes per
        // code point, plus a '/'), a few KiB of extra fields, a data descriptor.
        long perEntry = 2L * (46 + 4L * maxPathLength + 1 + 2048) + 24;
        long headers = saturatedMultiply(perEntry, maxEntries);
        // End of central directory with the longest possible comment, plus the ZIP64 records.
        long endRecords = 22 + 65_535 + 56 + 20;
        return saturatedAdd(saturatedAdd(payload, headers), endRecords);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi != 0 || lo < 0) ? Long.MAX_VALUE : lo;
    }
}
