package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateType;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code --state} file of {@code read}: the array form (one state per element), or a legacy object, which
 * becomes one LEGACY state. A state of a type this version does not know is left out (the source could not use it),
 * with a WARN.
 */
final class StateFile {
  private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);

  private StateFile() {}

  static List<AirbyteStateMessage> read(Path file, UnknownValueWarnings warnings) {
    JsonNode node = InputFile.readJson(file, "state");
    List<AirbyteStateMessage> states = new ArrayList<>();
    warnings.reading("The state file '" + file + "'", 0);
    try {
      if (node.isArray()) {
        for (JsonNode element : node) {
          states.add(ProtocolCodec.convert(element, AirbyteStateMessage.class, warnings));
        }
      } else if (node.isObject() && (node.has("type") || node.has("stream") || node.has("global"))) {
        states.add(ProtocolCodec.convert(node, AirbyteStateMessage.class, warnings));
      } else if (node.isObject()) {
        states.add(new AirbyteStateMessage(AirbyteStateType.LEGACY, null, null, node, null, null, Map.of()));
      } else if (!node.isNull()) {
        throw new ConfigErrorException("The state file '" + file + "' must hold a JSON array of states.");
      }
    } catch (JsonProcessingException e) {
      throw new ConfigErrorException("The state file '" + file + "' is not a valid state: " + e.getOriginalMessage(),
          e);
    }
    List<AirbyteStateMessage> usable = new ArrayList<>(states.size());
    for (int i = 0; i < states.size(); i++) {
      if (states.get(i).effectiveType() == AirbyteStateType.Known.UNKNOWN) {
        LOG.warn("The state file '{}': state #{} has the type '{}', which this version does not know; it is left out.",
            file, i, states.get(i).type().wire());
      } else {
        usable.add(states.get(i));
      }
    }
    return usable;
  }
}
