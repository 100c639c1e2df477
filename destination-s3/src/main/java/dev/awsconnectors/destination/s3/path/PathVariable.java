package dev.awsconnectors.destination.s3.path;

/**
 * The {@code ${...}} variables of a path format, with the pattern their values match (used to find the objects an
 * earlier sync wrote with the same format).
 */
public enum PathVariable {
  NAMESPACE(null),
  STREAM_NAME(null),
  YEAR("[0-9]{4}"),
  MONTH("[0-9]{2}"),
  DAY("[0-9]{2}"),
  HOUR("[0-9]{2}"),
  MINUTE("[0-9]{2}"),
  SECOND("[0-9]{2}"),
  MILLISECOND("[0-9]{4}"),
  EPOCH("[0-9]+"),
  UUID("[0-9a-fA-F-]{36}");

  private final String regex;

  PathVariable(String regex) {
    this.regex = regex;
  }

  /** The regular expression of the values of a sync-dependent variable; null for NAMESPACE and STREAM_NAME. */
  String regex() {
    return regex;
  }
}
