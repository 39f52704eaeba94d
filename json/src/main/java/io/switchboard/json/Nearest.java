package io.switchboard.json;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** The name a mistyped one was probably meant to be, for "did you mean" hints. */
public final class Nearest {
  private Nearest() {}

  /**
   * The candidate {@code name} was probably meant to be: the same but for case, '_' and '-', or
   * else the nearest within a few edits (a letter missing, added, changed, or two swapped).
   */
  public static Optional<String> to(String name, Collection<String> candidates) {
    String folded = fold(name);
    Optional<String> same = candidates.stream().filter(c -> fold(c).equals(folded)).findFirst();
    return same.or(
        () ->
            candidates.stream()
                .filter(c -> distance(fold(c), folded) <= Math.max(1, folded.length() / 6))
                .min(Comparator.comparingInt(c -> distance(fold(c), folded))));
  }

  /** {@code " (did you mean X?)"}, or nothing when no candidate is near. */
  public static String didYouMean(String name, Collection<String> candidates) {
    return to(name, candidates).map(c -> " (did you mean " + c + "?)").orElse("");
  }

  private static String fold(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /** The optimal string alignment distance: insertions, deletions, changes and swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
