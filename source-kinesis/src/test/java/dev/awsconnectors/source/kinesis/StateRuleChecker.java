package dev.awsconnectors.source.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.kinesis.record.SequenceNumbers;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks, message by message, that a source's STATE only covers records already emitted: for every shard a STATE
 * names with a position, a record at exactly that position (sequence number, and sub-sequence number inside an
 * aggregate) or later was emitted before it in this read, unless the position was already in the previous STATE
 * (or the input); and {@code sourceStats.recordCount} counts the stream's records since its previous STATE.
 */
final class StateRuleChecker {
  private final Map<String, Long> recordsSinceState = new HashMap<>();
  private final Map<String, String[]> lastEmitted = new HashMap<>();
  private final Map<String, JsonNode> previousShards = new HashMap<>();

  /** The positions of the input state, which a STATE may repeat without emitting anything. */
  void baseline(JsonNode stateArray) {
    if (stateArray != null && stateArray.isArray()) {
      for (JsonNode s : stateArray) {
        previousShards.put(s.at("/stream/stream_descriptor/name").asText(), s.at("/stream/stream_state/shards"));
      }
    }
  }

  void accept(JsonNode message) {
    String type = message.path("type").asText();
    if (type.equals("RECORD")) {
      JsonNode r = message.get("record");
      String stream = r.get("stream").asText();
      recordsSinceState.merge(stream, 1L, Long::sum);
      JsonNode data = r.get("data");
      String prefix = data.has("_kinesis_shard_id") ? "_kinesis_" : ""; // the flattened layout's metadata names
      lastEmitted.put(stream + "/" + data.get(prefix + "shard_id").asText(), new String[] {
          data.get(prefix + "sequence_number").asText(), data.get(prefix + "sub_sequence_number").asText()});
    } else if (type.equals("STATE")) {
      JsonNode state = message.get("state");
      if (!"STREAM".equals(state.path("type").asText())) {
        throw new AssertionError("Not a STREAM state: " + state);
      }
      String stream = state.at("/stream/stream_descriptor/name").asText();
      long expected = recordsSinceState.getOrDefault(stream, 0L);
      double count = state.at("/sourceStats/recordCount").asDouble(-1);
      if (count != expected) {
        throw new AssertionError("STATE of " + stream + " says recordCount " + count + " but " + expected
            + " records were emitted since the previous one: " + state);
      }
      recordsSinceState.put(stream, 0L);
      JsonNode shards = state.at("/stream/stream_state/shards");
      JsonNode previous = previousShards.get(stream);
      shards.fields().forEachRemaining(e -> {
        JsonNode position = e.getValue();
        if (!position.has("sequence_number")) {
          return;
        }
        if (previous != null && position.equals(previous.get(e.getKey()))) {
          return;
        }
        String[] emitted = lastEmitted.get(stream + "/" + e.getKey());
        String seq = position.get("sequence_number").asText();
        boolean matches = emitted != null && SequenceNumbers.compare(emitted[0], seq) == 0
            && (!position.has("sub_sequence_number")
                || position.get("sub_sequence_number").asText().equals(emitted[1]));
        if (!matches) {
          throw new AssertionError("STATE of " + stream + " puts shard " + e.getKey() + " at " + position
              + " but the last record emitted from it is " + (emitted == null ? "none" : String.join("/", emitted))
              + ": " + state);
        }
      });
      previousShards.put(stream, shards);
    }
  }

  static JsonNode lastStatesArray(List<JsonNode> states) {
    Map<String, JsonNode> last = new LinkedHashMap<>();
    for (JsonNode s : states) {
      last.put(s.at("/stream/stream_descriptor/name").asText(), s);
    }
    ArrayNode array = ProtocolCodec.mapper().createArrayNode();
    last.forEach((name, s) -> {
      ObjectNode state = array.addObject().put("type", "STREAM");
      ObjectNode stream = state.putObject("stream");
      stream.putObject("stream_descriptor").put("name", name);
      stream.set("stream_state", s.at("/stream/stream_state"));
    });
    return array;
  }
}
