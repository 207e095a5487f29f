package io.custos.data.table;

import java.util.Arrays;

/**
 * A grouping of elements (rows, or whole equivalence classes) into classes, refined one code
 * array at a time: each pair (class so far, code) is renumbered densely in order of first
 * appearance, through a flat table when classes x codes is small and a primitive hash map
 * otherwise, so the cost is linear in elements with no per-element objects. It can be refined
 * from any intermediate state and carries weights, so the combination search in the risk report
 * and the lattice search of {@code generalise_to_k} reuse partial groupings instead of starting
 * over; {@link EquivalenceClasses} is the plain fold over a table's columns.
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
        if (classCount == n || codeCount <= 1) {
            // Every element alone, or one code: the numbering (first appearance) cannot change.
            return this;
        }
        int[] out = new int[n];
        int next = 0;
        long cells = (long) classCount * codeCount;
        if (cells <= DENSE_LIMIT || (cells <= 2L * n && cells < Integer.MAX_VALUE)) {
            int[] dense = new int[(int) cells];
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
            LongIntMap ids = new LongIntMap(Math.min(n, classCount + codeCount));
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

    /** Splits every class (elements being the column's rows) by the column's values. */
    public Partition refine(Column column) {
        return refine(column.codesView(), column.distinct());
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
}
