package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteLogMessage;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The only writer of stdout: one complete protocol message per line, serialized outside the lock and written under
 * it, so lines from different threads never interleave. Everything but RECORD and STATE lines is scrubbed of secrets.
 * RECORD lines are buffered; every other message is flushed at once so the platform sees checkpoints and errors
 * promptly.
 */
final class StdoutChannel implements MessageOutput {
  private final Writer out;
  private final SecretScrubber scrubber;
  private final Clock clock;

  StdoutChannel(OutputStream stdout, SecretScrubber scrubber, Clock clock) {
    this.out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
    this.scrubber = scrubber;
    this.clock = clock;
  }

  @Override
  public void emit(AirbyteMessage message) {
    String line = ProtocolCodec.serialize(message);
    boolean data = message.type() == AirbyteMessage.Type.RECORD || message.type() == AirbyteMessage.Type.STATE;
    write(data ? line : scrubber.scrub(line), message.type() != AirbyteMessage.Type.RECORD);
  }

  @Override
  public void emitState(ObjectNode state) {
    ObjectNode message = ProtocolCodec.mapper().createObjectNode();
    message.put("type", "STATE");
    message.set("state", state);
    write(ProtocolCodec.serialize(message), true);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  void log(AirbyteLogMessage log) {
    emit(AirbyteMessage.of(log));
  }

  synchronized void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to stdout", e);
    }
  }

  private synchronized void write(String line, boolean flush) {
    try {
      out.write(line);
      out.write('\n');
      if (flush) {
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to stdout", e);
    }
  }
}
