package dev.awsconnectors.format;

import java.util.List;

/**
 * The Airbyte columns of every file. V1: {@code _airbyte_ab_id}, {@code _airbyte_emitted_at} (what Airbyte's
 * destination-s3 wrote before 1.0). V2: {@code _airbyte_raw_id}, {@code _airbyte_extracted_at},
 * {@code _airbyte_generation_id}, {@code _airbyte_meta} (Destinations V2).
 */
public enum AirbyteColumns {
  V1,
  V2;

  /** The record's data as one value ({@code _airbyte_data}) in the layouts that do not flatten it. */
  public static final String DATA = "_airbyte_data";

  /**
   * Per record (and per nested record) in Avro and Parquet, and a trailing column of flattened CSV: values the
   * typed columns cannot hold (fields absent from the schema, values that do not fit their type), as JSON text.
   */
  public static final String ADDITIONAL_PROPERTIES = "_airbyte_additional_properties";

  /** The record id column: {@code _airbyte_ab_id} (V1) or {@code _airbyte_raw_id} (V2). */
  public String idColumn() {
    return this == V1 ? "_airbyte_ab_id" : "_airbyte_raw_id";
  }

  /** The extraction time column, epoch milliseconds: {@code _airbyte_emitted_at} or {@code _airbyte_extracted_at}. */
  public String timestampColumn() {
    return this == V1 ? "_airbyte_emitted_at" : "_airbyte_extracted_at";
  }

  /**
   * The Airbyte columns in file order (before the data): V1 {@code _airbyte_ab_id, _airbyte_emitted_at}; V2
   * {@code _airbyte_raw_id, _airbyte_extracted_at, _airbyte_meta, _airbyte_generation_id}, the order of Airbyte's
   * CSV header and JSONL lines.
   */
  public List<String> columnNames() {
    return this == V1
        ? List.of("_airbyte_ab_id", "_airbyte_emitted_at")
        : List.of("_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_meta", "_airbyte_generation_id");
  }
}
