package dev.awsconnectors.format.schema;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Avro names ({@code [A-Za-z_][A-Za-z0-9_]*}) for JSON property and stream names, chosen deterministically and never
 * colliding. Rules (docs/file-formats.md):
 *
 * <ol>
 *   <li>Accents are removed (NFKD, combining marks dropped: {@code é -> e}); every other character outside
 *       {@code [A-Za-z0-9_]} becomes {@code _}; a name that is empty or starts with a digit gets a leading {@code _}.
 *   <li>Names are unique within a record ignoring case (Spark, Hive, Athena and BigQuery do not tell {@code Id} from
 *       {@code id}), and never equal a reserved name (the Airbyte columns).
 *   <li>Names that are already valid keep themselves, first come first served in schema order; the others, in the
 *       order of their original names, take their sanitized form, or, if it is taken, the first free
 *       {@code _1}, {@code _2}, ... suffix. So {@code +1} and {@code -1} become {@code _1} and {@code _1_1}, whatever
 *       the order of the properties in the catalog.
 * </ol>
 */
public final class AvroNames {
  private AvroNames() {}

  /** The sanitized form of one name (rule 1), before collisions are resolved. */
  public static String sanitize(String name) {
    String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length() + 1);
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (Character.isHighSurrogate(c) && i + 1 < decomposed.length()
          && Character.isLowSurrogate(decomposed.charAt(i + 1))) {
        i++; // one character, one underscore
      }
      out.append(valid ? c : '_');
    }
    if (out.length() == 0 || (out.charAt(0) >= '0' && out.charAt(0) <= '9')) {
      out.insert(0, '_');
    }
    return out.toString();
  }

  public static boolean isValid(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (!letter && (i == 0 || c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Unique Avro names for {@code originals} (the properties of one record, in schema order), avoiding
   * {@code reserved}; element {@code i} of the result is the name of {@code originals[i]}.
   */
  public static List<String> assign(List<String> originals, Collection<String> reserved) {
    Set<String> taken = new HashSet<>();
    for (String r : reserved) {
      taken.add(r.toLowerCase(Locale.ROOT));
    }
    String[] names = new String[originals.size()];
    for (int i = 0; i < names.length; i++) {
      String original = originals.get(i);
      if (isValid(original) && taken.add(original.toLowerCase(Locale.ROOT))) {
        names[i] = original;
      }
    }
    List<Integer> rest = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      if (names[i] == null) {
        rest.add(i);
      }
    }
    rest.sort((a, b) -> {
      int byName = originals.get(a).compareTo(originals.get(b));
      return byName != 0 ? byName : Integer.compare(a, b);
    });
    for (int i : rest) {
      String base = sanitize(originals.get(i));
      String candidate = base;
      for (int n = 1; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
        candidate = base + "_" + n;
      }
      names[i] = candidate;
    }
    return List.of(names);
  }

  /** An Avro namespace from a stream namespace: each dot-separated part sanitized; null if there is none. */
  public static String namespace(String streamNamespace) {
    if (streamNamespace == null || streamNamespace.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (String part : streamNamespace.split("\\.", -1)) {
      parts.add(sanitize(part));
    }
    return String.join(".", parts);
  }
}
