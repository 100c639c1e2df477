package dev.awsconnectors.destination.kinesis.config;

import dev.awsconnectors.destination.kinesis.envelope.FieldPath;
import dev.awsconnectors.destination.kinesis.envelope.PayloadTemplate;
import java.util.List;

/** How a record's partition key is chosen. */
public sealed interface PartitionKeySpec {

  /**
   * Whether no two records ever get the same key (random keys: 122 random bits each), so there is no per-key order
   * between records to keep.
   */
  default boolean keysNeverRepeat() {
    return this instanceof Random;
  }

  /** A random UUID per record (Airbyte's behavior): even spread, no relation between records. */
  record Random() implements PartitionKeySpec {}

  /** The values of these fields, joined with {@code |}. */
  record Fields(List<FieldPath> fields) implements PartitionKeySpec {
    public Fields {
      fields = List.copyOf(fields);
    }
  }

  /** The Kinesis-side name of the record's source stream ({@code namespace_stream}). */
  record SourceStream() implements PartitionKeySpec {}

  record Constant(String value) implements PartitionKeySpec {}

  /** The text a Liquid template renders for the record, such as {@code {{row.customer.id}}-{{row.region}}}. */
  record Template(PayloadTemplate template) implements PartitionKeySpec {}
}
