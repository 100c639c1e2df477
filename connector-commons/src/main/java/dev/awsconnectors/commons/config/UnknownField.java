package dev.awsconnectors.commons.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * A top-level config field the spec does not declare (the spec keeps {@code additionalProperties: true}, as Airbyte
 * requires, so it is ignored), with the declared field it most likely is a typo of. Names only: the value is never
 * kept, so it cannot be printed.
 *
 * @param closest the declared field within a few edits (case and {@code -}/{@code _} differences counting little),
 *     if one is close enough to be a likely typo
 */
public record UnknownField(String name, Optional<String> closest) {

  /** {@code 's3_endpiont' (did you mean 's3_endpoint'?)}, or just the quoted name. */
  public String describe() {
    return "'" + name + "'" + closest.map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  /** The declared field closest to {@code name}, if it is a likely typo of it. */
  static UnknownField of(String name, Collection<String> declared) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : declared) {
      int d = distance(normal(name), normal(candidate));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.min(3, name.length() / 3));
    return new UnknownField(name, Optional.ofNullable(bestDistance <= allowed ? best : null));
  }

  /** Case and the choice between {@code -} and {@code _} are the commonest slips; they cost nothing here. */
  private static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The optimal-string-alignment distance: insertions, deletions, substitutions and transpositions of adjacent
   * characters ({@code endpiont} is one edit from {@code endpoint}) each count one.
   */
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
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
