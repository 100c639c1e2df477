package dev.awsconnectors.commons.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateType;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.util.Optional;

/**
 * A STATE read on stdin: the parsed message, to decide what it covers, and the state object exactly as it arrived,
 * to echo it verbatim (explicit nulls, number spellings and unknown fields such as the platform's {@code id}).
 */
public record IncomingState(AirbyteStateMessage parsed, ObjectNode raw) {

  /**
   * The stream a STREAM state covers; empty for GLOBAL and LEGACY states, which cover every stream, and for a state of a
   * type this version does not know, which is therefore released only once everything before it is stored.
   */
  public Optional<StreamDescriptor> stream() {
    if (parsed.effectiveType() == AirbyteStateType.Known.STREAM && parsed.stream() != null
        && parsed.stream().streamDescriptor() != null) {
      return Optional.of(parsed.stream().streamDescriptor().key());
    }
    return Optional.empty();
  }
}
