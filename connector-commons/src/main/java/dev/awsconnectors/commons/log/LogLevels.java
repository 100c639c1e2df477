package dev.awsconnectors.commons.log;

import java.util.List;
import java.util.Locale;
import org.slf4j.event.Level;

/**
 * Log thresholds: {@code LOG_LEVEL} (system property, then environment; default INFO) for our code. Libraries that
 * are chatty at INFO (AWS SDK, Hadoop, Parquet, HTTP clients, the S3 emulator) log from WARN unless LOG_LEVEL is
 * TRACE.
 */
final class LogLevels {
  private static final List<String> QUIET_PREFIXES = List.of(
      "software.amazon", "org.apache.", "io.netty", "org.eclipse.jetty", "org.gaul", "com.networknt",
      "shaded.parquet", "org.xerial", "com.github.luben");

  /**
   * Loggers whose warnings are noise for our users: Hadoop's codec loader warns on every Parquet GZIP file that it
   * uses the Java zlib instead of a native library, which is what we intend.
   */
  private static final List<String> SILENCED_WARNINGS = List.of("org.apache.hadoop.util.NativeCodeLoader");

  private final Level root;

  LogLevels(String configured) {
    this.root = parse(configured);
  }

  static LogLevels fromEnvironment() {
    String configured = System.getProperty("LOG_LEVEL");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("LOG_LEVEL");
    }
    return new LogLevels(configured);
  }

  Level thresholdFor(String loggerName) {
    if (root != Level.TRACE && SILENCED_WARNINGS.contains(loggerName)) {
      return Level.ERROR;
    }
    if (root != Level.TRACE && QUIET_PREFIXES.stream().anyMatch(loggerName::startsWith)) {
      return root.toInt() > Level.WARN.toInt() ? root : Level.WARN;
    }
    return root;
  }

  private static Level parse(String value) {
    if (value == null || value.isBlank()) {
      return Level.INFO;
    }
    String v = value.strip().toUpperCase(Locale.ROOT);
    if (v.equals("WARNING")) {
      return Level.WARN;
    }
    if (v.equals("FATAL")) {
      return Level.ERROR;
    }
    try {
      return Level.valueOf(v);
    } catch (IllegalArgumentException e) {
      return Level.INFO;
    }
  }
}
