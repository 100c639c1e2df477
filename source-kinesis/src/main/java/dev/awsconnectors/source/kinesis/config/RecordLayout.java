package dev.awsconnectors.source.kinesis.config;

/** Where a record's payload fields go: the spec's {@code record_layout} values. */
public enum RecordLayout {
  /**
   * The payload's top-level fields are top-level record fields, next to the Kinesis metadata, whose names then carry
   * the {@code _kinesis_} prefix. Destinations make typed columns of them.
   */
  FLATTENED("flattened"),
  /** The payload object is the record's {@code data} field, next to unprefixed metadata fields. */
  NESTED("nested");

  private final String specName;

  RecordLayout(String specName) {
    this.specName = specName;
  }

  /** The value in spec.json. */
  public String specName() {
    return specName;
  }
}
