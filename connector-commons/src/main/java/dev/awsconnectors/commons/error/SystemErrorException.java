package dev.awsconnectors.commons.error;

import dev.awsconnectors.commons.protocol.AirbyteErrorTraceMessage.FailureType;
import dev.awsconnectors.commons.protocol.StreamDescriptor;

/** A failure that is neither the user's configuration nor temporary: a bug or an unexpected answer. */
public final class SystemErrorException extends ConnectorException {
  public SystemErrorException(String message) {
    super(message, null, null);
  }

  public SystemErrorException(String message, Throwable cause) {
    super(message, cause, null);
  }

  public SystemErrorException(String message, Throwable cause, StreamDescriptor stream) {
    super(message, cause, stream);
  }

  @Override
  public FailureType failureType() {
    return FailureType.SYSTEM_ERROR;
  }
}
