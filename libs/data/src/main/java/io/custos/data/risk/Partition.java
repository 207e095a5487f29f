package io.custos.data.risk;

import java.util.Arrays;

/**
 * A grouping of elements (rows, or whole equivalence classes) into classes, refined one code
 * array at a time. Unlike {@link io.custos.data.table.EquivalenceClasses} it can be refined from
 * any intermediate state and carries weights, so the combination search in the risk report and the
 * lattice search of {@code generalise_to_k} reuse partial groupings instead of starting over.
 * Public only so that the transform package can use it.
 */
public final class Partition {

    /** Above this many (class, code) cells a hash map is used instead of a dense table. */
    private static final long DENSE_LIMIT = 1L << 22;

    private final int[] classOf;
    private final int classCount;

    private Partition(int[] classOf, int classCount) {
        this.classOf = classOf;
        this.classCount = classCount;
    }

    /** Every one of {@code elements} in one class (none for zero elements). */
    public static Partition single(int elements) {
        return new Partition(new int[elements], elements == 0 ? 0 : 1);
    }

    /**
     * Splits every class by {@code codes[element]}, a code in {@code 0..codeCount-1}. Class ids
     * stay dense (0..classes-1) in order of first appearance.
     */
    public Partition refine(int[] codes, int codeCount) {
        int n = classOf.length;
        int[] out = new int[n];
        int next = 0;
        long cells = (long) classCount * codeCount;
        if (cells <= DENSE_LIMIT || (cells <= 2L * n && cells < Integer.MAX_VALUE)) {
            int[] dense = new int[(int) Math.max(1, cells)];
            Arrays.fill(dense, -1);
            for (int e = 0; e < n; e++) {
                int cell = classOf[e] * codeCount + codes[e];
                int id = dense[cell];
                if (id < 0) {
                    id = next++;
                    dense[cell] = id;
                }
                out[e] = id;
            }
        } else {
            LongToInt ids = new LongToInt(Math.min(n, classCount + codeCount));
            for (int e = 0; e < n; e++) {
                long key = ((long) classOf[e] << 32) | codes[e];
                int id = ids.putIfAbsent(key, next);
                if (id < 0) {
                    id = next++;
                }
                out[e] = id;
            }
        }
        return new Partition(out, next);
    }

    public int elements() {
        return classOf.length;
    }

    public int classCount() {
        return classCount;
    }

    public int classOf(int element) {
        return classOf[element];
    }

    /** Class sizes counting each element once. */
    public int[] sizes() {
        int[] sizes = new int[classCount];
        for (int c : classOf) {
            sizes[c]++;
        }
        return sizes;
    }

    /** Class sizes counting element {@code e} as {@code weights[e]} (e.g. the rows of a base class). */
    public int[] sizes(int[] weights) {
        int[] sizes = new int[classCount];
        for (int e = 0; e < classOf.length; e++) {
            sizes[classOf[e]] += weights[e];
        }
        return sizes;
    }

    /** Open addressing from non-negative long keys to non-negative ints; -1 when absent. */
    private static final class LongToInt {
        private long[] keys;
        private int[] values;
        private int size;

        LongToInt(int expected) {
            int capacity = Integer.highestOneBit(Math.max(8, expected) * 2 - 1) << 1;
            keys = new long[capacity];
            values = new int[capacity];
            Arrays.fill(values, -1);
        }

        /** The value of {@code key} if present; otherwise puts {@code value} and returns -1 (one probe sequence). */
        int putIfAbsent(long key, int value) {
            if (2 * (size + 1) > keys.length) {
                resize();
            }
            int mask = keys.length - 1;
            int i = slot(key, mask);
            while (values[i] >= 0) {
                if (keys[i] == key) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
            size++;
            return -1;
        }

        /** Only called for keys not present. */
        void put(long key, int value) {
            if (2 * (size + 1) > keys.length) {
                resize();
            }
            int mask = keys.length - 1;
            int i = slot(key, mask);
            while (values[i] >= 0) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
            size++;
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 29)) & mask;
        }

        private void resize() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            Arrays.fill(values, -1);
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldValues[i] >= 0) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }
    }
}
