package dev.awsconnectors.source.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.runtime.MessageOutput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MessageOutput} that keeps every message as the JSON the runner would print, in order, and checks the
 * source's STATE rule as messages arrive: a STATE never names a shard position beyond the last record emitted from
 * that shard, and its {@code sourceStats.recordCount} equals the records of that stream since its previous STATE.
 */
public final class CollectingOutput implements MessageOutput {
  private final Clock clock;
  private final List<JsonNode> messages = new ArrayList<>();
  private final StateRuleChecker checker = new StateRuleChecker();

  public CollectingOutput() {
    this(Clock.systemUTC());
  }

  public CollectingOutput(Clock clock) {
    this.clock = clock;
  }

  /** Lets STATEs repeat the positions of this input state (array form) without emitting records. */
  public CollectingOutput withInput(JsonNode stateArray) {
    checker.baseline(stateArray);
    return this;
  }

  @Override
  public synchronized void emit(AirbyteMessage message) {
    JsonNode json = ProtocolCodec.readTreeUnchecked(ProtocolCodec.serialize(message));
    checker.accept(json);
    messages.add(json);
  }

  @Override
  public synchronized void emitState(ObjectNode state) {
    throw new UnsupportedOperationException("A source does not echo states");
  }

  @Override
  public Clock clock() {
    return clock;
  }

  public synchronized List<JsonNode> messages() {
    return List.copyOf(messages);
  }

  public List<JsonNode> ofType(String type) {
    return messages().stream().filter(m -> type.equals(m.path("type").asText())).toList();
  }

  /** The {@code data} of every RECORD, in emission order. */
  public List<JsonNode> records() {
    return ofType("RECORD").stream().map(m -> m.at("/record/data")).toList();
  }

  public List<JsonNode> states() {
    return ofType("STATE").stream().map(m -> m.get("state")).toList();
  }

  public List<String> statuses(String stream) {
    return ofType("TRACE").stream().filter(m -> "STREAM_STATUS".equals(m.at("/trace/type").asText()))
        .filter(m -> stream.equals(m.at("/trace/stream_status/stream_descriptor/name").asText()))
        .map(m -> m.at("/trace/stream_status/status").asText()).toList();
  }

  /** The last STATE of each stream, in the array form a platform would pass to the next sync. */
  public JsonNode lastStatesArray() {
    return StateRuleChecker.lastStatesArray(states());
  }
}
