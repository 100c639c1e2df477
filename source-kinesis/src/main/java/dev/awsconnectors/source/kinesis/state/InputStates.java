package dev.awsconnectors.source.kinesis.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamState;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds each stream's {@code stream_state} in the input state, whatever form it arrived in:
 * <ul>
 *   <li>STREAM states (the platform's and CAT's array form), matched by stream name; CAT leaves out the namespace,
 *       and this source's streams have none;</li>
 *   <li>a GLOBAL state: its {@code stream_states} the same way ({@code shared_state} is not used);</li>
 *   <li>a LEGACY state (a bare JSON object): read as {@code {"<stream name>": <stream_state>, ...}}, the layout of the
 *       legacy per-stream state of Airbyte's older sources.</li>
 * </ul>
 * A {@code null} stream state means "reset": the stream starts as on a first sync. A later entry for the same stream
 * replaces an earlier one. Pure.
 */
public final class InputStates {
  private InputStates() {}

  /** The non-null stream states by stream name. */
  public static Map<String, JsonNode> byStream(List<AirbyteStateMessage> states) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    int index = 0;
    for (AirbyteStateMessage state : states) {
      switch (state.effectiveType()) {
        case STREAM -> put(out, state.stream(), index);
        case GLOBAL -> {
          if (state.global() != null && state.global().streamStates() != null) {
            for (AirbyteStreamState s : state.global().streamStates()) {
              put(out, s, index);
            }
          }
        }
        case LEGACY -> legacy(out, state.data(), index);
        default -> throw new InvalidStateException("state #" + index + " has an unknown type");
      }
      index++;
    }
    return out;
  }

  private static void put(Map<String, JsonNode> out, AirbyteStreamState stream, int index) {
    if (stream == null || stream.streamDescriptor() == null || stream.streamDescriptor().name() == null
        || stream.streamDescriptor().name().isBlank()) {
      throw new InvalidStateException("state #" + index + " is a STREAM state without stream.stream_descriptor.name");
    }
    JsonNode value = stream.streamState();
    if (value == null || value.isNull()) {
      out.remove(stream.streamDescriptor().name());
    } else {
      out.put(stream.streamDescriptor().name(), value);
    }
  }

  private static void legacy(Map<String, JsonNode> out, JsonNode data, int index) {
    if (data == null || data.isNull()) {
      out.clear();
      return;
    }
    if (!data.isObject()) {
      throw new InvalidStateException("state #" + index + " is a LEGACY state whose data is not an object of stream "
          + "name to stream state");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue() == null || e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.put(e.getKey(), e.getValue());
      }
    }
  }
}
