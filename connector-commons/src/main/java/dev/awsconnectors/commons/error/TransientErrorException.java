package dev.awsconnectors.commons.error;

import dev.awsconnectors.commons.protocol.AirbyteErrorTraceMessage.FailureType;
import dev.awsconnectors.commons.protocol.StreamDescriptor;

/** A temporary failure that persisted after retries (throttling, 5xx, timeouts): running again may succeed. */
public final class TransientErrorException extends ConnectorException {
  public TransientErrorException(String message) {
    super(message, null, null);
  }

  public TransientErrorException(String message, Throwable cause) {
    super(message, cause, null);
  }

  public TransientErrorException(String message, Throwable cause, StreamDescriptor stream) {
    super(message, cause, stream);
  }

  @Override
  public FailureType failureType() {
    return FailureType.TRANSIENT_ERROR;
  }
}
