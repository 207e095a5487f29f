package io.custos.governance.core.compliance;

import java.util.Collection;
import java.util.Locale;

/** Small text helpers for error messages. */
final class Texts {

    private Texts() {
    }

    /** The candidate within a small edit distance of {@code word} (case-insensitive), for "did you mean". */
    static String closest(String word, Collection<String> candidates) {
        if (word == null || word.length() > 100) {
            return null;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Math.max(2, word.length() / 4) + 1;
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** {@code text} cut to {@code max} characters, marking the cut. */
    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
