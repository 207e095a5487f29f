package io.custos.data.table;

import java.util.Arrays;
import java.util.List;

/**
 * Groups rows by their values in a set of columns (the quasi-identifiers): every row gets the id
 * of its class, and every class its size. Columns are folded in one at a time, each pair
 * (class so far, code) renumbered densely through a primitive hash map, so the cost is linear in
 * rows times columns with no per-row objects.
 */
public final class EquivalenceClasses {

    private final int[] classOfRow;
    private final int[] sizes;

    private EquivalenceClasses(int[] classOfRow, int[] sizes) {
        this.classOfRow = classOfRow;
        this.sizes = sizes;
    }

    public static EquivalenceClasses of(DataTable table, List<String> columns) {
        int n = table.rows();
        int[] ids = new int[n];
        int classes = n == 0 ? 0 : 1;
        for (String name : columns) {
            Column c = table.column(name);
            int[] codes = c.codesView();
            LongIntMap renumber = new LongIntMap(Math.min(n, Math.max(16, classes * 2)));
            int next = 0;
            for (int r = 0; r < n; r++) {
                long key = ((long) ids[r] << 32) | (codes[r] & 0xffffffffL);
                int id = renumber.get(key);
                if (id < 0) {
                    id = next++;
                    renumber.put(key, id);
                }
                ids[r] = id;
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
