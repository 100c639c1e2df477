package dev.awsconnectors.format;

/**
 * The Airbyte columns of every file. V1: {@code _airbyte_ab_id}, {@code _airbyte_emitted_at} (what Airbyte's
 * destination-s3 wrote before 1.0). V2: {@code _airbyte_raw_id}, {@code _airbyte_extracted_at},
 * {@code _airbyte_generation_id}, {@code _airbyte_meta} (Destinations V2).
 */
public enum AirbyteColumns { V1, V2 }
