package dev.awsconnectors.source.kinesis.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.kinesis.record.SequenceNumbers;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON form of a {@link StreamState}, the {@code stream_state} of the STREAM states this source emits:
 *
 * <pre>{@code
 * {"format_version": 1,
 *  "start_timestamp": "2024-05-01T00:00:00Z",          // only for LATEST / AT_TIMESTAMP starts
 *  "stream_created_at": "2024-04-01T08:00:00Z",        // to recognize a deleted and re-created stream
 *  "shards": {
 *    "shardId-000000000000": {"finished": true},
 *    "shardId-000000000001": {"sequence_number": "4959..."},
 *    "shardId-000000000002": {"sequence_number": "4959...", "sub_sequence_number": 4}}}
 * }</pre>
 *
 * Reading also accepts the flat {@code {"<shard id>": "<sequence number>"}} map of dlt's Kinesis source, so its users
 * can continue where it stopped, and treats an empty object as no state. Anything else is an
 * {@link InvalidStateException} that says what is wrong.
 */
public final class StateCodec {
  public static final int FORMAT_VERSION = 1;
  static final String VERSION = "format_version";
  static final String START_TIMESTAMP = "start_timestamp";
  static final String CREATED_AT = "stream_created_at";
  static final String SHARDS = "shards";
  static final String SEQUENCE = "sequence_number";
  static final String SUB_SEQUENCE = "sub_sequence_number";
  static final String FINISHED = "finished";

  private StateCodec() {}

  public static ObjectNode toJson(StreamState state) {
    ObjectNode json = ProtocolCodec.mapper().createObjectNode();
    json.put(VERSION, FORMAT_VERSION);
    state.startTimestamp().ifPresent(t -> json.put(START_TIMESTAMP, t.toString()));
    state.streamCreatedAt().ifPresent(t -> json.put(CREATED_AT, t.toString()));
    ObjectNode shards = json.putObject(SHARDS);
    state.shards().forEach((id, checkpoint) -> {
      ObjectNode entry = shards.putObject(id);
      if (checkpoint.finished()) {
        entry.put(FINISHED, true);
      }
      checkpoint.sequenceNumber().ifPresent(s -> entry.put(SEQUENCE, s));
      checkpoint.subSequenceNumber().ifPresent(s -> entry.put(SUB_SEQUENCE, s));
    });
    return json;
  }

  /** The state saved in {@code json}, or empty if it holds none (an empty object). */
  public static Optional<StreamState> fromJson(JsonNode json) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      return Optional.empty();
    }
    if (!json.isObject()) {
      throw new InvalidStateException("it must be a JSON object, not " + kind(json));
    }
    if (json.isEmpty()) {
      return Optional.empty();
    }
    if (!json.has(SHARDS) && !json.has(VERSION)) {
      return Optional.of(fromFlatMap(json));
    }
    JsonNode version = json.get(VERSION);
    if (version != null && !version.isNull()) {
      if (!version.isIntegralNumber()) {
        throw new InvalidStateException("'" + VERSION + "' must be an integer");
      }
      if (version.asLong() != FORMAT_VERSION) {
        throw new InvalidStateException("'" + VERSION + "' is " + version.asLong() + ", but this version of the "
            + "connector reads format " + FORMAT_VERSION + " only");
      }
    }
    Optional<Instant> start = timestamp(json, START_TIMESTAMP);
    Optional<Instant> created = timestamp(json, CREATED_AT);
    JsonNode shardsJson = json.get(SHARDS);
    Map<String, ShardCheckpoint> shards = new LinkedHashMap<>();
    if (shardsJson != null && !shardsJson.isNull()) {
      if (!shardsJson.isObject()) {
        throw new InvalidStateException("'" + SHARDS + "' must be an object of shard id to position, not "
            + kind(shardsJson));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = shardsJson.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        shards.put(shardId(e.getKey()), checkpoint(e.getKey(), e.getValue()));
      }
    }
    return Optional.of(new StreamState(start, created, shards));
  }

  private static StreamState fromFlatMap(JsonNode json) {
    Map<String, ShardCheckpoint> shards = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new InvalidStateException("it has neither '" + SHARDS + "' nor is it a map of shard id to sequence "
            + "number: '" + e.getKey() + "' holds " + kind(e.getValue()));
      }
      shards.put(shardId(e.getKey()), ShardCheckpoint.after(sequence(e.getKey(), e.getValue())));
    }
    return new StreamState(Optional.empty(), Optional.empty(), shards);
  }

  private static ShardCheckpoint checkpoint(String shardId, JsonNode entry) {
    if (entry.isTextual()) {
      return ShardCheckpoint.after(sequence(shardId, entry));
    }
    if (!entry.isObject()) {
      throw new InvalidStateException("the position of shard '" + shardId + "' must be an object, not "
          + kind(entry));
    }
    JsonNode finished = entry.get(FINISHED);
    if (finished != null && !finished.isNull() && !finished.isBoolean()) {
      throw new InvalidStateException("'" + FINISHED + "' of shard '" + shardId + "' must be true or false");
    }
    if (finished != null && finished.asBoolean(false)) {
      return ShardCheckpoint.FINISHED;
    }
    JsonNode seq = entry.get(SEQUENCE);
    JsonNode sub = entry.get(SUB_SEQUENCE);
    boolean hasSub = sub != null && !sub.isNull();
    if (seq == null || seq.isNull()) {
      if (hasSub) {
        throw new InvalidStateException("shard '" + shardId + "' has a '" + SUB_SEQUENCE + "' without a '"
            + SEQUENCE + "'");
      }
      return ShardCheckpoint.NONE;
    }
    String sequence = sequence(shardId, seq);
    if (!hasSub) {
      return ShardCheckpoint.after(sequence);
    }
    if (!sub.isIntegralNumber() || !sub.canConvertToLong() || sub.asLong() < 0) {
      throw new InvalidStateException("'" + SUB_SEQUENCE + "' of shard '" + shardId
          + "' must be a non-negative integer, not " + sub);
    }
    return new ShardCheckpoint(Optional.of(sequence), OptionalLong.of(sub.asLong()), false);
  }

  private static String sequence(String shardId, JsonNode value) {
    String text = value.isTextual() ? value.asText() : value.isIntegralNumber() ? value.bigIntegerValue().toString()
        : null;
    if (text == null || !SequenceNumbers.isValid(text)) {
      throw new InvalidStateException("the sequence number of shard '" + shardId + "' must be a decimal integer "
          + "as text, not " + value);
    }
    return text;
  }

  private static String shardId(String id) {
    if (id.isBlank() || id.length() > 128) {
      throw new InvalidStateException("'" + id + "' is not a shard id");
    }
    return id;
  }

  private static Optional<Instant> timestamp(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    try {
      if (!value.isTextual()) {
        throw new DateTimeParseException("not text", value.toString(), 0);
      }
      return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
    } catch (DateTimeParseException e) {
      throw new InvalidStateException("'" + field + "' must be an ISO-8601 date-time such as "
          + "2024-05-01T00:00:00Z, not " + value);
    }
  }

  private static String kind(JsonNode node) {
    return node.isArray() ? "an array" : node.isTextual() ? "a string" : node.isNumber() ? "a number"
        : node.isBoolean() ? "a boolean" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
