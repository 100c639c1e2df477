package dev.awsconnectors.commons.runtime;

import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.log.StackTraces;
import dev.awsconnectors.commons.protocol.AirbyteErrorTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteErrorTraceMessage.FailureType;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.AirbyteTraceMessage;
import java.util.Map;
import java.util.Optional;

/** Turns any failure into the TRACE ERROR message the platform shows: the second place errors are classified. */
final class ErrorTraces {
  static final String GENERIC_MESSAGE = "Something went wrong in the connector. See the logs for more details.";

  private ErrorTraces() {}

  static AirbyteMessage of(Throwable failure, long emittedAt) {
    Optional<ConnectorException> known = ConnectorException.find(failure);
    String message = known.map(Throwable::getMessage).orElse(GENERIC_MESSAGE);
    FailureType type = known.map(ConnectorException::failureType).orElse(FailureType.SYSTEM_ERROR);
    Throwable internal = known.<Throwable>map(k -> k.getCause() == null ? k : k.getCause()).orElse(failure);
    AirbyteErrorTraceMessage error = new AirbyteErrorTraceMessage(message, internal.toString(),
        StackTraces.of(failure), type, known.flatMap(ConnectorException::stream).orElse(null), Map.of());
    return AirbyteMessage.of(AirbyteTraceMessage.of(emittedAt, error));
  }

  /** A command line the connector cannot run: a config error, without a stack trace (nothing failed inside). */
  static AirbyteMessage usage(String problem, long emittedAt) {
    AirbyteErrorTraceMessage error = new AirbyteErrorTraceMessage(problem + " Run with --help for the usage.", null,
        null, FailureType.CONFIG_ERROR, null, Map.of());
    return AirbyteMessage.of(AirbyteTraceMessage.of(emittedAt, error));
  }

  /** A one-line message for a FAILED connection status. */
  static String statusMessage(Throwable failure) {
    return ConnectorException.find(failure).map(Throwable::getMessage)
        .orElse("The check failed unexpectedly: " + failure);
  }
}
