package dev.awsconnectors.source.kinesis.record;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.kinesis.record.KplDeaggregator;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.config.RecordLayout;
import dev.awsconnectors.source.kinesis.schema.SchemaConformance;
import dev.awsconnectors.source.kinesis.schema.SchemaDrift;
import dev.awsconnectors.source.kinesis.shard.KinesisRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns Kinesis records into the data of Airbyte records: KPL aggregates are unpacked into their user records
 * (sub-sequence numbers 0, 1, ...), every user record gets the metadata fields of {@link EnvelopeFields} named and
 * placed as the {@link RecordShape} says, and the payload is parsed as a JSON object or carried in base64. Never
 * fails on a payload: one that is not a JSON object is kept byte for byte, in base64, in the layout's
 * {@code data_base64} field ({@code _kinesis_data_base64} when flattened) and flagged. Each
 * record is checked against the stream's declared schema, and {@link #drift()} counts those that do not match.
 *
 * <p>What a record's data is, is defined here, by building it as a tree ({@link #tree}). {@link RecordWriter}s write
 * the same bytes without building trees and come back here for the payloads they cannot stream exactly. Thread-safe:
 * the shard readers of a stream share one mapper, each with writers of its own.
 *
 * <p>The mapper does not decide which user records of an aggregate belong to the shard: the shard reader does. It
 * unpacks each Kinesis record once, decides its placement (misplaced aggregates are dropped unless
 * {@code keep_misplaced_records}), and hands the unpacked user records to its {@link RecordWriter}.
 */
public final class RecordMapper {
  private static final ObjectReader STRICT_JSON = ProtocolCodec.mapper().readerFor(JsonNode.class)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final RecordShape shape;
  private final SchemaDrift drift;

  /** A mapper for the nested layout that checks no schema. */
  public RecordMapper(boolean parseJson) {
    this(new RecordShape(parseJson, RecordLayout.NESTED), new SchemaDrift("", SchemaConformance.ANY));
  }

  public RecordMapper(RecordShape shape, SchemaDrift drift) {
    this.shape = shape;
    this.drift = drift;
  }

  /** The mapper of one stream of a sync: the configuration's layout, checking records against the catalog's schema. */
  public static RecordMapper forStream(KinesisSourceConfig config, String stream, JsonNode declaredSchema) {
    return new RecordMapper(RecordShape.of(config), new SchemaDrift(stream, SchemaConformance.of(declaredSchema)));
  }

  public RecordShape shape() {
    return shape;
  }

  /** The records so far that did not match the declared schema. */
  public SchemaDrift drift() {
    return drift;
  }

  /** A writer of this mapper's records for one thread (see {@link RecordWriter}'s lifecycle). */
  public RecordWriter writer() {
    return new RecordWriter(this);
  }

  /**
   * The user records of {@code record} from sub-sequence number {@code firstSubSequence} on, in order, whatever their
   * placement; unpacks the record itself (a shard reader, which has unpacked it already, uses a {@link #writer()}).
   *
   * @param firstSubSequence 0 for all; more to skip the part of an aggregate an earlier sync already emitted
   */
  public List<MappedRecord> map(String shardId, KinesisRecord record, long firstSubSequence) {
    List<MappedRecord> out = new ArrayList<>();
    try (RecordWriter writer = writer()) {
      writer.write(shardId, record, KplDeaggregator.deaggregate(record.data()), firstSubSequence, out);
    }
    return out;
  }

  /**
   * The reference mapping of one user record: its data built as a tree, serialized by the protocol codec, and
   * checked as a tree. Exact for every payload, but slower than a {@link RecordWriter}'s stream.
   */
  public MappedRecord mapAsTree(String shardId, KinesisRecord record, long sub, String partitionKey,
      String explicitHashKey, byte[] payload, boolean last) {
    Optional<ObjectNode> parsed = shape.parseJson() ? parseObject(payload) : Optional.empty();
    ObjectNode data = tree(shardId, record, sub, partitionKey, explicitHashKey, payload, parsed);
    drift.check(data);
    // A lone surrogate in a string becomes '?', as when the codec's text was written to stdout.
    byte[] json = ProtocolCodec.serialize(data).getBytes(StandardCharsets.UTF_8);
    return new MappedRecord(record.sequenceNumber(), sub, last, json, shape.parseJson() && parsed.isEmpty(),
        payload.length);
  }

  /** The data of one user record as a tree; {@code parsed} is its payload as an object, if it is one. */
  ObjectNode tree(String shardId, KinesisRecord record, long sub, String partitionKey, String explicitHashKey,
      byte[] payload, Optional<ObjectNode> parsed) {
    boolean flattened = shape.layout() == RecordLayout.FLATTENED;
    // Flattened: the payload's fields first, then the metadata, whose prefixed names cannot collide with them.
    ObjectNode data = flattened && parsed.isPresent() ? flattenedPayload(parsed.get())
        : ProtocolCodec.mapper().createObjectNode();
    data.put(shape.metadata(EnvelopeFields.MESSAGE_ID), EnvelopeFields.messageId(shardId, record.sequenceNumber(),
        sub));
    data.put(shape.metadata(EnvelopeFields.SHARD_ID), shardId);
    data.put(shape.metadata(EnvelopeFields.SEQUENCE_NUMBER), record.sequenceNumber());
    data.put(shape.metadata(EnvelopeFields.SUB_SEQUENCE_NUMBER), sub);
    data.put(shape.metadata(EnvelopeFields.PARTITION_KEY), partitionKey);
    data.put(shape.metadata(EnvelopeFields.APPROXIMATE_ARRIVAL_TIMESTAMP),
        record.approximateArrivalTimestamp().toString());
    if (explicitHashKey != null) {
      data.put(shape.metadata(EnvelopeFields.EXPLICIT_HASH_KEY), explicitHashKey);
    }
    if (parsed.isPresent() && !flattened) {
      data.set(EnvelopeFields.DATA, parsed.get());
    } else if (parsed.isEmpty()) {
      data.put(shape.metadata(EnvelopeFields.DATA_BASE64), Base64.getEncoder().encodeToString(payload));
    }
    return data;
  }

  /** The payload object itself, unless a field must be renamed (then a copy with the renamed fields in place). */
  private static ObjectNode flattenedPayload(ObjectNode payload) {
    boolean clash = false;
    for (Map.Entry<String, JsonNode> field : payload.properties()) {
      if (field.getKey().startsWith(RecordShape.METADATA_PREFIX)) {
        clash = true;
        break;
      }
    }
    if (!clash) {
      return payload;
    }
    ObjectNode renamed = ProtocolCodec.mapper().createObjectNode();
    for (Map.Entry<String, JsonNode> field : payload.properties()) {
      renamed.set(RecordShape.flattenedPayloadField(field.getKey()), field.getValue());
    }
    return renamed;
  }

  /** The payload as a JSON object, if it is exactly one (no trailing content, valid UTF-8). */
  public static Optional<ObjectNode> parseObject(byte[] payload) {
    if (!mayBeObject(payload)) {
      return Optional.empty();
    }
    try {
      JsonNode node = STRICT_JSON.readValue(payload);
      return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the payload's first character that is not white space opens an object: else it is not one. */
  static boolean mayBeObject(byte[] payload) {
    int i = 0;
    while (i < payload.length && Character.isWhitespace(payload[i])) {
      i++;
    }
    return i < payload.length && payload[i] == '{';
  }

  /** For a writer: the user records of {@code record} ({@code users}, or the record itself), as given. */
  static List<UserRecord> userRecords(KinesisRecord record, Optional<List<UserRecord>> users) {
    return users.orElseGet(() -> List.of(new UserRecord(record.partitionKey(), null, record.data())));
  }
}
