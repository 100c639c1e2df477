package dev.awsconnectors.commons.error;

import dev.awsconnectors.commons.protocol.AirbyteErrorTraceMessage.FailureType;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.util.Optional;

/**
 * A failure the connector understands, with a message that tells the user what to fix. The subclass decides the
 * TRACE {@code failure_type}; the cause, if any, goes to {@code internal_message} and {@code stack_trace}.
 */
public abstract sealed class ConnectorException extends RuntimeException
    permits ConfigErrorException, TransientErrorException, SystemErrorException {
  private final StreamDescriptor stream;

  protected ConnectorException(String message, Throwable cause, StreamDescriptor stream) {
    super(message, cause);
    this.stream = stream;
  }

  public abstract FailureType failureType();

  /** The stream the failure concerns, if it concerns one. */
  public Optional<StreamDescriptor> stream() {
    return Optional.ofNullable(stream);
  }

  /** The first {@link ConnectorException} in the cause chain of {@code t}, if any. */
  public static Optional<ConnectorException> find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectorException ce) {
        return Optional.of(ce);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return Optional.empty();
  }
}
