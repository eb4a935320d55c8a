package io.pitstop.engine.yaml;

import java.util.Collection;
import java.util.Optional;

/**
 * The "did you mean" of an error message: the known name closest to a misspelt one, if it is close
 * enough to be a typo (a few edits, fewer for short words) rather than a different word.
 */
public final class NearMatch {

    private NearMatch() {
    }

    public static Optional<String> among(String typed, Collection<String> known) {
        int allowed = Math.max(1, Math.min(3, typed.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known.stream().sorted().toList()) {
            int d = distance(typed.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= allowed && !best.equals(typed) ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean 'x'?)"} or an empty string, ready to append to a message. */
    public static String hint(String typed, Collection<String> known) {
        return among(typed, known).map(m -> " (did you mean '" + m + "'?)").orElse("");
    }

    /**
     * Edit distance where swapping two neighbouring letters counts as one edit (optimal string
     * alignment), since transpositions are the commonest typo.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
