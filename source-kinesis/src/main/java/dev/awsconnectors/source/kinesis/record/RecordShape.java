package dev.awsconnectors.source.kinesis.record;

import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.config.RecordLayout;
import java.util.List;
import java.util.Objects;

/**
 * The names and places of a record's fields for one configuration: the one place that decides them for the mapper
 * and the schema.
 *
 * <p>{@link RecordLayout#NESTED}: metadata fields under their plain names ({@code shard_id}, ...), the payload object
 * under {@code data}. {@link RecordLayout#FLATTENED}: metadata fields under {@code _kinesis_<name>}
 * ({@code _kinesis_shard_id}, ...) and the payload's top-level fields next to them. The {@code _kinesis_} prefix is
 * reserved for metadata there: a payload field whose name starts with it is renamed
 * {@code _kinesis_payload_<name>} (so {@code _kinesis_shard_id} of the payload becomes
 * {@code _kinesis_payload__kinesis_shard_id}). No metadata name starts with {@code _kinesis_payload_}, and no
 * other payload field starts with {@code _kinesis_}, so no two fields ever share a name and none is lost.
 *
 * @param parseJson whether payloads that are JSON objects are parsed (otherwise every payload is kept in base64)
 */
public record RecordShape(boolean parseJson, RecordLayout layout) {
  /** The prefix of metadata fields in the flattened layout, as dlt's {@code _kinesis} fields. */
  public static final String METADATA_PREFIX = "_kinesis_";
  /** The prefix a flattened payload field gets when its own name starts with {@link #METADATA_PREFIX}. */
  public static final String RENAMED_PAYLOAD_PREFIX = "_kinesis_payload_";

  public RecordShape {
    Objects.requireNonNull(layout, "layout");
  }

  public static RecordShape of(KinesisSourceConfig config) {
    return new RecordShape(config.parseJson(), config.layout());
  }

  /** The record field of the metadata field {@code name}, one of {@link EnvelopeFields}' names. */
  public String metadata(String name) {
    return layout == RecordLayout.FLATTENED ? METADATA_PREFIX + name : name;
  }

  /** The record field of the payload's top-level field {@code name} in the flattened layout. */
  public static String flattenedPayloadField(String name) {
    return name.startsWith(METADATA_PREFIX) ? RENAMED_PAYLOAD_PREFIX + name : name;
  }

  /** The source-defined primary key. */
  public List<List<String>> primaryKey() {
    return List.of(List.of(metadata(EnvelopeFields.MESSAGE_ID)));
  }

  /** The source-defined cursor. */
  public List<String> cursor() {
    return List.of(metadata(EnvelopeFields.APPROXIMATE_ARRIVAL_TIMESTAMP));
  }
}
