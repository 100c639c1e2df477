package dev.awsconnectors.source.kinesis.record;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.kinesis.record.KplDeaggregator;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.shard.KinesisRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Turns Kinesis records into the data of Airbyte records: KPL aggregates are unpacked into their user records
 * (sub-sequence numbers 0, 1, ...), every user record gets the envelope of {@link EnvelopeFields}, and the payload is
 * parsed as a JSON object or carried in base64. Never fails on a payload: one that is not a JSON object is kept byte
 * for byte in {@code data_base64} and flagged. Stateless and thread-safe.
 *
 * <p>User records of an aggregate are kept whatever their hash key: {@link KplDeaggregator} does not apply the
 * KCL's shard hash-range filter, which would drop data when every shard is read once.
 */
public final class RecordMapper {
  private static final ObjectReader STRICT_JSON = ProtocolCodec.mapper().readerFor(JsonNode.class)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final boolean parseJson;

  public RecordMapper(boolean parseJson) {
    this.parseJson = parseJson;
  }

  /**
   * The user records of {@code record} from sub-sequence number {@code firstSubSequence} on, in order.
   *
   * @param firstSubSequence 0 for all; more to skip the part of an aggregate an earlier sync already emitted
   */
  public List<MappedRecord> map(String shardId, KinesisRecord record, long firstSubSequence) {
    Optional<List<UserRecord>> users = KplDeaggregator.deaggregate(record.data());
    if (users.isEmpty()) {
      if (firstSubSequence > 0) {
        return List.of();
      }
      return List.of(build(shardId, record, 0, record.partitionKey(), null, record.data(), true));
    }
    List<UserRecord> parts = users.get();
    List<MappedRecord> out = new ArrayList<>(Math.max(0, parts.size() - (int) Math.min(firstSubSequence,
        parts.size())));
    for (int i = (int) Math.min(firstSubSequence, parts.size()); i < parts.size(); i++) {
      UserRecord user = parts.get(i);
      out.add(build(shardId, record, i, user.partitionKey(), user.explicitHashKey(), user.data(),
          i == parts.size() - 1));
    }
    return out;
  }

  private MappedRecord build(String shardId, KinesisRecord record, long sub, String partitionKey,
      String explicitHashKey, byte[] payload, boolean last) {
    ObjectNode data = ProtocolCodec.mapper().createObjectNode();
    data.put(EnvelopeFields.MESSAGE_ID, EnvelopeFields.messageId(shardId, record.sequenceNumber(), sub));
    data.put(EnvelopeFields.SHARD_ID, shardId);
    data.put(EnvelopeFields.SEQUENCE_NUMBER, record.sequenceNumber());
    data.put(EnvelopeFields.SUB_SEQUENCE_NUMBER, sub);
    data.put(EnvelopeFields.PARTITION_KEY, partitionKey);
    data.put(EnvelopeFields.APPROXIMATE_ARRIVAL_TIMESTAMP, record.approximateArrivalTimestamp().toString());
    if (explicitHashKey != null) {
      data.put(EnvelopeFields.EXPLICIT_HASH_KEY, explicitHashKey);
    }
    boolean notObject = false;
    if (parseJson) {
      Optional<ObjectNode> parsed = parseObject(payload);
      if (parsed.isPresent()) {
        data.set(EnvelopeFields.DATA, parsed.get());
      } else {
        notObject = true;
        data.put(EnvelopeFields.DATA_BASE64, Base64.getEncoder().encodeToString(payload));
      }
    } else {
      data.put(EnvelopeFields.DATA_BASE64, Base64.getEncoder().encodeToString(payload));
    }
    return new MappedRecord(record.sequenceNumber(), sub, last, data, notObject, payload.length);
  }

  /** The payload as a JSON object, if it is exactly one (no trailing content, valid UTF-8). */
  static Optional<ObjectNode> parseObject(byte[] payload) {
    int i = 0;
    while (i < payload.length && Character.isWhitespace(payload[i])) {
      i++;
    }
    if (i == payload.length || payload[i] != '{') {
      return Optional.empty();
    }
    try {
      JsonNode node = STRICT_JSON.readValue(payload);
      return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
