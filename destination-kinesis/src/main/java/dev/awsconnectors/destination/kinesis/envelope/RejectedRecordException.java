package dev.awsconnectors.destination.kinesis.envelope;

import dev.awsconnectors.commons.protocol.StreamDescriptor;

/**
 * A record the configuration says to skip ({@code on_invalid_payload: SKIP}): it has no valid payload. The writer
 * counts it as rejected in the next state's {@code destinationStats} and sends nothing for it. The message says why,
 * without record data.
 */
public final class RejectedRecordException extends RuntimeException {
  private final transient StreamDescriptor stream;

  RejectedRecordException(StreamDescriptor stream, String message) {
    super(message, null, false, false);
    this.stream = stream;
  }

  public StreamDescriptor stream() {
    return stream;
  }
}
