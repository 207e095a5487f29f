package io.custos.bundle.archive;

import java.util.Arrays;

/**
 * The bytes of one file as they arrive. It grows by doubling up to a ceiling (the size the
 * file is allowed to reach), rather than allocating a size an archive merely declares, so a
 * tiny archive cannot make the reader allocate large buffers it never fills.
 */
final class FileBuffer {

    private static final int INITIAL = 64 * 1024;

    private final long ceiling;
    private byte[] bytes;
    private int length;

    /** @param ceiling the most bytes this file may reach; the caller refuses anything larger first */
    FileBuffer(long ceiling) {
        this.ceiling = Math.min(ceiling, ArchiveLimits.MAX_ARRAY_BYTES);
        this.bytes = new byte[(int) Math.min(INITIAL, this.ceiling)];
    }

    long length() {
        return length;
    }

    void append(byte[] source, int offset, int count) {
        if (length + (long) count > ceiling) {
            throw new IllegalStateException("file buffer ceiling " + ceiling + " exceeded; the caller must check"
                    + " limits first");
        }
        if (length + count > bytes.length) {
            long grown = Math.max((long) bytes.length * 2, (long) length + count);
            bytes = Arrays.copyOf(bytes, (int) Math.min(grown, ceiling));
        }
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    /** The bytes, without a copy when the buffer is exactly full. */
    byte[] toByteArray() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
