package io.custos.data.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups rows by their values in a set of columns (the quasi-identifiers): every row gets the id
 * of its class, and every class its size. Columns are folded in one at a time, each pair
 * (class so far, code) renumbered densely in order of first appearance, through a flat table
 * when classes x codes is small and a primitive hash map otherwise, so the cost is linear in
 * rows times columns with no per-row objects. Once every row is a class of its own, further
 * columns change nothing (row r stays class r) and are skipped.
 */
public final class EquivalenceClasses {

    /** Largest (class, code) table filled directly rather than through a hash map. */
    private static final long DENSE_LIMIT = 1L << 22;

    private final int[] classOfRow;
    private final int[] sizes;

    private EquivalenceClasses(int[] classOfRow, int[] sizes) {
        this.classOfRow = classOfRow;
        this.sizes = sizes;
    }

    public static EquivalenceClasses of(DataTable table, List<String> columns) {
        int n = table.rows();
        List<Column> folded = new ArrayList<>(columns.size());
        for (String name : columns) {
            folded.add(table.column(name)); // an unknown name fails even if it would be skipped
        }
        int[] ids = new int[n];
        int classes = n == 0 ? 0 : 1;
        for (Column c : folded) {
            if (classes == n) {
                break; // every row alone: ids[r] == r, and so it stays
            }
            int codeCount = c.distinct();
            if (codeCount <= 1) {
                continue; // one code: ids are already numbered in order of first appearance
            }
            int[] codes = c.codesView();
            long cells = (long) classes * codeCount;
            int next = 0;
            if (cells <= DENSE_LIMIT || (cells <= 2L * n && cells < Integer.MAX_VALUE)) {
                int[] dense = new int[(int) cells];
                Arrays.fill(dense, -1);
                for (int r = 0; r < n; r++) {
                    int cell = ids[r] * codeCount + codes[r];
                    int id = dense[cell];
                    if (id < 0) {
                        id = next++;
                        dense[cell] = id;
                    }
                    ids[r] = id;
                }
            } else {
                LongIntMap renumber = new LongIntMap(Math.min(n, Math.max(16, classes * 2)));
                for (int r = 0; r < n; r++) {
                    long key = ((long) ids[r] << 32) | (codes[r] & 0xffffffffL);
                    int id = renumber.putIfAbsent(key, next);
                    if (id < 0) {
                        id = next++;
                    }
                    ids[r] = id;
                }
            }
            classes = next;
        }
        int[] sizes = new int[classes];
        for (int id : ids) {
            sizes[id]++;
        }
        return new EquivalenceClasses(ids, sizes);
    }

    public int classOf(int row) {
        return classOfRow[row];
    }

    public int classCount() {
        return sizes.length;
    }

    public int size(int classId) {
        return sizes[classId];
    }

    /** Size of the smallest class: the table's k (0 for an empty table). */
    public int minSize() {
        return sizes.length == 0 ? 0 : Arrays.stream(sizes).min().getAsInt();
    }

    /** Rows in classes smaller than {@code k}. */
    public long rowsInClassesBelow(int k) {
        long rows = 0;
        for (int s : sizes) {
            if (s < k) {
                rows += s;
            }
        }
        return rows;
    }

    /** Classes smaller than {@code k}. */
    public int classesBelow(int k) {
        int count = 0;
        for (int s : sizes) {
            if (s < k) {
                count++;
            }
        }
        return count;
    }

    public int[] sizes() {
        return sizes.clone();
    }
}
