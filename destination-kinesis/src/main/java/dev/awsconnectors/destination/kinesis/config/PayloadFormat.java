package dev.awsconnectors.destination.kinesis.config;

import dev.awsconnectors.destination.kinesis.envelope.FieldPath;
import dev.awsconnectors.destination.kinesis.envelope.PayloadTemplate;
import java.util.List;

/** What a Kinesis record's data holds for one Airbyte record. */
public sealed interface PayloadFormat {

  /**
   * {@code {"_airbyte_ab_id":..,"_airbyte_emitted_at":..,"_airbyte_data":..}}; {@code dataAsText} writes the data
   * as JSON text, as Airbyte's destination-kinesis 0.1.5 did, otherwise as a nested object.
   */
  record Envelope(boolean dataAsText) implements PayloadFormat {}

  /**
   * Airbyte's current record columns: {@code _airbyte_raw_id}, {@code _airbyte_extracted_at} (ms),
   * {@code _airbyte_generation_id}, {@code _airbyte_meta} ({@code sync_id}, {@code changes}), {@code _airbyte_data}.
   */
  record EnvelopeV2() implements PayloadFormat {}

  /** The record's data object alone. */
  record Data() implements PayloadFormat {}

  /** The value of one field: a string as is (it already holds the message), anything else as JSON. */
  record Field(FieldPath field) implements PayloadFormat {}

  /** A JSON object of chosen fields under (possibly) new top-level names. */
  record Projection(List<Projected> fields) implements PayloadFormat {
    public Projection {
      fields = List.copyOf(fields);
    }
  }

  record Projected(FieldPath source, String target) {}

  /** A Liquid template whose output, which must be JSON, is the payload. */
  record Template(PayloadTemplate template) implements PayloadFormat {}
}
