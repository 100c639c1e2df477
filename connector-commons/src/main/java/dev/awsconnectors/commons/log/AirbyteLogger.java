package dev.awsconnectors.commons.log;

import dev.awsconnectors.commons.protocol.AirbyteLogMessage;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger whose events become Airbyte LOG messages (see {@link LogRouter}). */
final class AirbyteLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;
  private final int threshold;

  AirbyteLogger(String name, Level threshold) {
    this.name = name;
    this.threshold = threshold.toInt();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
      Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
    String stackTrace = throwable == null ? null : StackTraces.of(throwable);
    LogRouter.publish(new AirbyteLogMessage(toProtocol(level), message == null ? "" : message, stackTrace, Map.of()));
  }

  private static AirbyteLogMessage.Level toProtocol(Level level) {
    return switch (level) {
      case ERROR -> AirbyteLogMessage.Level.ERROR;
      case WARN -> AirbyteLogMessage.Level.WARN;
      case INFO -> AirbyteLogMessage.Level.INFO;
      case DEBUG -> AirbyteLogMessage.Level.DEBUG;
      case TRACE -> AirbyteLogMessage.Level.TRACE;
    };
  }

  private boolean enabled(Level level) {
    return level.toInt() >= threshold;
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }
}
