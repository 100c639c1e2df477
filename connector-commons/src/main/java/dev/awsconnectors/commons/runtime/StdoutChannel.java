package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteLogMessage;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The only writer of stdout: one complete protocol message per line, serialized outside the lock and copied into one
 * buffer under it, so lines from different threads never interleave. Everything but RECORD and STATE lines is
 * scrubbed of secrets. RECORD lines are buffered and reach stdout in large writes; every other message is flushed at
 * once so the platform sees checkpoints and errors promptly. Records whose data is already serialized
 * ({@link #record(RecordLines, byte[], long)}) are copied into the buffer without building a string.
 */
final class StdoutChannel implements MessageOutput {
  private static final int BUFFER_BYTES = 1 << 16;
  private static final byte[] EMITTED_AT = ",\"emitted_at\":".getBytes(StandardCharsets.US_ASCII);
  /** Room for {@link #EMITTED_AT}, a long's digits and sign, and the line's end. */
  private static final int TAIL_BYTES = EMITTED_AT.length + 20 + 3;

  private final OutputStream out;
  private final SecretScrubber scrubber;
  private final Clock clock;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int used;

  StdoutChannel(OutputStream stdout, SecretScrubber scrubber, Clock clock) {
    this.out = stdout;
    this.scrubber = scrubber;
    this.clock = clock;
  }

  @Override
  public void emit(AirbyteMessage message) {
    String line = ProtocolCodec.serialize(message);
    boolean data = message.type() == AirbyteMessage.Type.RECORD || message.type() == AirbyteMessage.Type.STATE;
    // A lone surrogate becomes '?', as an OutputStreamWriter would write it.
    byte[] bytes = (data ? line : scrubber.scrub(line)).getBytes(StandardCharsets.UTF_8);
    writeLine(bytes, message.type() != AirbyteMessage.Type.RECORD);
  }

  @Override
  public void emitState(ObjectNode state) {
    ObjectNode message = ProtocolCodec.mapper().createObjectNode();
    message.put("type", "STATE");
    message.set("state", state);
    writeLine(ProtocolCodec.serialize(message).getBytes(StandardCharsets.UTF_8), true);
  }

  @Override
  public synchronized void record(RecordLines stream, byte[] data, long emittedAt) {
    try {
      put(stream.head());
      put(data);
      if (BUFFER_BYTES - used < TAIL_BYTES) {
        drain();
      }
      System.arraycopy(EMITTED_AT, 0, buffer, used, EMITTED_AT.length);
      used += EMITTED_AT.length;
      used = putDecimal(emittedAt, buffer, used);
      buffer[used++] = '}';
      buffer[used++] = '}';
      buffer[used++] = '\n';
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to stdout", e);
    }
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
      drain();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to stdout", e);
    }
  }

  private synchronized void writeLine(byte[] line, boolean flush) {
    try {
      put(line);
      if (used == BUFFER_BYTES) {
        drain();
      }
      buffer[used++] = '\n';
      if (flush) {
        drain();
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to stdout", e);
    }
  }

  /** Appends {@code bytes}; what does not fit into the buffer goes to stdout in one write. */
  private void put(byte[] bytes) throws IOException {
    if (bytes.length > BUFFER_BYTES - used) {
      drain();
      if (bytes.length > BUFFER_BYTES / 2) {
        out.write(bytes);
        return;
      }
    }
    System.arraycopy(bytes, 0, buffer, used, bytes.length);
    used += bytes.length;
  }

  private void drain() throws IOException {
    if (used > 0) {
      out.write(buffer, 0, used);
      used = 0;
    }
  }

  /** Writes {@code value} in decimal at {@code at}; returns the position after it. */
  static int putDecimal(long value, byte[] into, int at) {
    if (value == Long.MIN_VALUE) {
      byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, into, at, text.length);
      return at + text.length;
    }
    int position = at;
    long rest = value;
    if (rest < 0) {
      into[position++] = '-';
      rest = -rest;
    }
    int digits = 1;
    for (long p = 10; p <= rest && digits < 19; p *= 10) {
      digits++;
    }
    int end = position + digits;
    for (int i = end - 1; i >= position; i--) {
      into[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return end;
  }
}
