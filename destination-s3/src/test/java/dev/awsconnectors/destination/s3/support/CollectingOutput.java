package dev.awsconnectors.destination.s3.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.runtime.MessageOutput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A {@link MessageOutput} that keeps what it is given, for assertions. Thread-safe. */
public final class CollectingOutput implements MessageOutput {
  private final List<ObjectNode> states = Collections.synchronizedList(new ArrayList<>());
  private final List<AirbyteMessage> messages = Collections.synchronizedList(new ArrayList<>());
  private final Clock clock;

  public CollectingOutput(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void emit(AirbyteMessage message) {
    messages.add(message);
  }

  @Override
  public void emitState(ObjectNode state) {
    states.add(state);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  public List<ObjectNode> states() {
    return List.copyOf(states);
  }
}
