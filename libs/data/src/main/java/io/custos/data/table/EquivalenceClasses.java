package io.custos.data.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups rows by their values in a set of columns (the quasi-identifiers): every row gets the id
 * of its class, and every class its size. The columns are folded into a {@link Partition} one at
 * a time.
 */
public final class EquivalenceClasses {

    private final Partition partition;
    private final int[] sizes;

    private EquivalenceClasses(Partition partition) {
        this.partition = partition;
        this.sizes = partition.sizes();
    }

    public static EquivalenceClasses of(DataTable table, List<String> columns) {
        List<Column> folded = new ArrayList<>(columns.size());
        for (String name : columns) {
            folded.add(table.column(name)); // an unknown name fails even if it would change nothing
        }
        Partition p = Partition.single(table.rows());
        for (Column c : folded) {
            p = p.refine(c);
        }
        return new EquivalenceClasses(p);
    }

    public int classOf(int row) {
        return partition.classOf(row);
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
