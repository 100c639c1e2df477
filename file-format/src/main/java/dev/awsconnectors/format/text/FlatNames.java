package dev.awsconnectors.format.text;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Names of data fields written beside the Airbyte columns (root-level flattening): a field whose name is an Airbyte
 * column's gets the first free {@code _1}, {@code _2}, ... suffix, so neither value is lost.
 */
final class FlatNames {
  private FlatNames() {}

  static String avoiding(String name, Set<String> reserved, Predicate<String> taken) {
    if (!reserved.contains(name)) {
      return name;
    }
    for (int i = 1; ; i++) {
      String candidate = name + "_" + i;
      if (!reserved.contains(candidate) && !taken.test(candidate)) {
        return candidate;
      }
    }
  }
}
