package dev.awsconnectors.commons.log;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The text of a stack trace, causes and suppressed exceptions included, for LOG and TRACE messages (never stderr). */
public final class StackTraces {
  private StackTraces() {}

  public static String of(Throwable throwable) {
    StringWriter text = new StringWriter();
    throwable.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
