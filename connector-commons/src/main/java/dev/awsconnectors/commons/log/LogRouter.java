package dev.awsconnectors.commons.log;

import dev.awsconnectors.commons.protocol.AirbyteLogMessage;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Where log events go. SLF4J finds its provider through the service loader, so the runner can reach the loggers only
 * through this one static hook: while a command runs, events become LOG messages on stdout; otherwise (tests, tools)
 * they are printed to stderr.
 */
public final class LogRouter {
  private static final PrintStream STDERR = System.err;
  private static volatile Consumer<AirbyteLogMessage> sink = LogRouter::printToStderr;

  private LogRouter() {}

  /** Routes every log event to {@code target} until {@link #reset()}. */
  public static void install(Consumer<AirbyteLogMessage> target) {
    sink = target;
  }

  public static void reset() {
    sink = LogRouter::printToStderr;
  }

  static void publish(AirbyteLogMessage message) {
    sink.accept(message);
  }

  private static void printToStderr(AirbyteLogMessage m) {
    StringBuilder line = new StringBuilder(m.level().name()).append(' ').append(m.message());
    if (m.stackTrace() != null) {
      line.append(System.lineSeparator()).append(m.stackTrace());
    }
    STDERR.println(line);
  }
}
