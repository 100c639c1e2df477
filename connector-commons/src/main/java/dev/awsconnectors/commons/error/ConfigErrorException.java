package dev.awsconnectors.commons.error;

import dev.awsconnectors.commons.protocol.AirbyteErrorTraceMessage.FailureType;
import dev.awsconnectors.commons.protocol.StreamDescriptor;

/** The configuration is wrong: the user must change it (bad value, missing bucket or stream, access denied). */
public final class ConfigErrorException extends ConnectorException {
  public ConfigErrorException(String message) {
    super(message, null, null);
  }

  public ConfigErrorException(String message, Throwable cause) {
    super(message, cause, null);
  }

  public ConfigErrorException(String message, Throwable cause, StreamDescriptor stream) {
    super(message, cause, stream);
  }

  @Override
  public FailureType failureType() {
    return FailureType.CONFIG_ERROR;
  }
}
