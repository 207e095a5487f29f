package io.custos.data.transform;

import io.custos.data.DataException;
import io.custos.data.table.Partition;
import io.custos.data.table.Column;
import io.custos.data.table.DataTable;
import io.custos.data.transform.TransformStep.DateTruncation;
import io.custos.data.transform.TransformStep.Hierarchy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The generalisation lattice search of generalise_to_k. A node gives every quasi-identifier a
 * level of its hierarchy; nodes are visited bottom-up by total level (the sum of levels, as in
 * Samarati's algorithm), and the search stops at the first total level where some node reaches k
 * with at most the allowed suppression. Among those nodes the one suppressing fewest rows wins,
 * then the one keeping most classes, then the first in column order.
 *
 * <p>Every node at the winning height and below is evaluated (no pruning), so the answer is
 * minimal even for hierarchies whose levels do not nest. Nodes are evaluated on the distinct
 * quasi-identifier combinations of the data (its equivalence classes) weighted by their sizes,
 * not on rows, and each level's codes are computed once per column.
 */
final class KAnonymitySearch {

    /** Most lattice nodes evaluated before giving up: narrow the quasi-identifiers or hierarchies. */
    static final int MAX_NODES = 20_000;

    /** One generalisation level of a column. */
    record Level(String description, UnaryOperator<String> generalise) {
    }

    /** The chosen node and what it leaves. */
    record Result(int[] levels, long suppressedRows, int classes, int resultingK, int nodesEvaluated,
            boolean[] keepRow) {
    }

    private KAnonymitySearch() {
    }

    /** Level 0 (values as they are) and the hierarchy's levels, coarsest last. */
    static List<Level> levels(Hierarchy h, Column column) {
        List<Level> out = new ArrayList<>();
        out.add(new Level("as is", UnaryOperator.identity()));
        if (h == null) {
            return out;
        }
        if (h.widths() != null) {
            double origin = h.origin() == null ? 0 : h.origin();
            for (Double w : h.widths()) {
                out.add(new Level("bins of width " + Generalisers.number(w)
                        + (origin != 0 ? " from " + Generalisers.number(origin) : ""), Generalisers.bins(w, origin)));
            }
        } else if (h.dates() != null) {
            for (DateTruncation d : h.dates()) {
                out.add(new Level(d.name().toLowerCase(Locale.ROOT), Generalisers.dates(d)));
            }
        } else if (h.postcodeKeep() != null) {
            int width = Generalisers.postcodeWidth(column);
            for (Integer keep : h.postcodeKeep()) {
                out.add(new Level("keep " + keep, Generalisers.postcode(keep, width)));
            }
        } else if (h.groups() != null) {
            UnaryOperator<String> f = UnaryOperator.identity();
            for (int i = 0; i < h.groups().size(); i++) {
                UnaryOperator<String> previous = f;
                UnaryOperator<String> g = Generalisers.groups(h.groups().get(i), null);
                f = v -> g.apply(previous.apply(v));
                out.add(new Level("groups level " + (i + 1), f));
            }
            out.add(new Level("*", Generalisers.everything()));
        }
        return out;
    }

    static Result search(DataTable table, List<String> qis, List<List<Level>> levels, int k, double maxSuppression,
            String field) {
        int rows = table.rows();
        int m = qis.size();
        long allowed = (long) Math.floor(maxSuppression * rows + 1e-9);
        // The distinct combinations of the original values: every node is evaluated on these.
        Partition base = Partition.single(rows);
        int[][] rowCodes = new int[m][];
        for (int q = 0; q < m; q++) {
            Column c = table.column(qis.get(q));
            rowCodes[q] = c.codes();
            base = base.refine(rowCodes[q], c.distinct());
        }
        int baseCount = base.classCount();
        int[] weights = base.sizes();
        int[][] representative = new int[m][baseCount];
        boolean[] seen = new boolean[baseCount];
        for (int r = 0; r < rows; r++) {
            int b = base.classOf(r);
            if (!seen[b]) {
                seen[b] = true;
                for (int q = 0; q < m; q++) {
                    representative[q][b] = rowCodes[q][r];
                }
            }
        }
        rowCodes = null;
        // codes[q][level][baseClass] and how many distinct codes each level has.
        int[][][] codes = new int[m][][];
        int[][] codeCounts = new int[m][];
        for (int q = 0; q < m; q++) {
            Column c = table.column(qis.get(q));
            List<Level> ls = levels.get(q);
            codes[q] = new int[ls.size()][];
            codeCounts[q] = new int[ls.size()];
            for (int l = 0; l < ls.size(); l++) {
                Map<String, Integer> ids = new HashMap<>();
                int[] recode = new int[c.distinct()];
                for (int code = 0; code < recode.length; code++) {
                    String g = ls.get(l).generalise().apply(c.dictionary().get(code));
                    recode[code] = ids.computeIfAbsent(g, x -> ids.size());
                }
                int[] perBase = new int[baseCount];
                for (int b = 0; b < baseCount; b++) {
                    perBase[b] = recode[representative[q][b]];
                }
                codes[q][l] = perBase;
                codeCounts[q][l] = ids.size();
            }
        }
        int[] top = new int[m];
        int maxHeight = 0;
        for (int q = 0; q < m; q++) {
            top[q] = levels.get(q).size() - 1;
            maxHeight += top[q];
        }
        int evaluated = 0;
        for (int height = 0; height <= maxHeight; height++) {
            List<int[]> nodes = new ArrayList<>();
            nodesAtHeight(top, height, 0, new int[m], nodes);
            int[] best = null;
            long bestSuppressed = Long.MAX_VALUE;
            int bestClasses = -1;
            Partition bestPartition = null;
            int[] bestSizes = null;
            for (int[] node : nodes) {
                if (++evaluated > MAX_NODES) {
                    throw new DataException(field, "the search for k=" + k + " passed " + MAX_NODES + " combinations"
                            + " of levels without reaching k; use fewer quasi-identifiers or fewer levels");
                }
                Partition p = Partition.single(baseCount);
                for (int q = 0; q < m; q++) {
                    p = p.refine(codes[q][node[q]], codeCounts[q][node[q]]);
                }
                int[] sizes = p.sizes(weights);
                long suppressed = 0;
                int keptClasses = 0;
                for (int s : sizes) {
                    if (s < k) {
                        suppressed += s;
                    } else {
                        keptClasses++;
                    }
                }
                if (suppressed <= allowed && (suppressed < bestSuppressed
                        || (suppressed == bestSuppressed && keptClasses > bestClasses))) {
                    best = node;
                    bestSuppressed = suppressed;
                    bestClasses = keptClasses;
                    bestPartition = p;
                    bestSizes = sizes;
                }
            }
            if (best != null) {
                boolean[] keep = new boolean[rows];
                int resultingK = Integer.MAX_VALUE;
                for (int s : bestSizes) {
                    if (s >= k) {
                        resultingK = Math.min(resultingK, s);
                    }
                }
                for (int r = 0; r < rows; r++) {
                    keep[r] = bestSizes[bestPartition.classOf(base.classOf(r))] >= k;
                }
                return new Result(best, bestSuppressed, bestClasses, resultingK == Integer.MAX_VALUE ? 0 : resultingK,
                        evaluated, keep);
            }
        }
        throw unreachable(qis, levels, top, codes, codeCounts, weights, baseCount, k, maxSuppression, rows, field);
    }

    /** Every level vector with the given sum, in lexicographic order. */
    private static void nodesAtHeight(int[] top, int remaining, int q, int[] node, List<int[]> out) {
        if (q == top.length) {
            if (remaining == 0) {
                out.add(node.clone());
            }
            return;
        }
        int rest = 0;
        for (int j = q + 1; j < top.length; j++) {
            rest += top[j];
        }
        for (int l = Math.max(0, remaining - rest); l <= Math.min(top[q], remaining); l++) {
            node[q] = l;
            nodesAtHeight(top, remaining - l, q + 1, node, out);
        }
    }

    private static DataException unreachable(List<String> qis, List<List<Level>> levels, int[] top, int[][][] codes,
            int[][] codeCounts, int[] weights, int baseCount, int k, double maxSuppression, int rows, String field) {
        Partition p = Partition.single(baseCount);
        List<String> described = new ArrayList<>();
        for (int q = 0; q < qis.size(); q++) {
            p = p.refine(codes[q][top[q]], codeCounts[q][top[q]]);
            described.add(qis.get(q) + ": " + levels.get(q).get(top[q]).description());
        }
        int[] sizes = p.sizes(weights);
        long below = 0;
        int min = Integer.MAX_VALUE;
        for (int s : sizes) {
            min = Math.min(min, s);
            if (s < k) {
                below += s;
            }
        }
        return new DataException(field + ".k", "k=" + k + " cannot be reached: even at the top levels (" + String
                .join(", ", described) + ") the smallest class has " + (rows == 0 ? 0 : min) + " rows, and reaching k"
                + " would suppress " + below + " of " + rows + " rows, more than maxSuppression "
                + Generalisers.number(maxSuppression) + " allows; add coarser levels or allow more suppression");
    }
}
