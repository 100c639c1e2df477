package dev.awsconnectors.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** What the demo tells the person running it: steps, progress lines from the connectors, results. */
final class Console {
  private final PrintStream out;
  private final long start = System.nanoTime();

  Console(PrintStream out) {
    this.out = out;
  }

  void step(String text) {
    out.printf(Locale.ROOT, "%n[%s] ==> %s%n", elapsed(), text);
    out.flush();
  }

  void info(String text) {
    out.println("    " + text);
    out.flush();
  }

  /** A LOG line of a connector, indented under the current step. */
  void connector(String connector, String level, String message) {
    out.printf(Locale.ROOT, "    [%s] %s%s%n", connector, level.equals("INFO") ? "" : level + " ", message);
    out.flush();
  }

  void blank() {
    out.println();
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  private String elapsed() {
    Duration d = Duration.ofNanos(System.nanoTime() - start);
    return String.format(Locale.ROOT, "%02d:%02d", d.toMinutes(), d.toSecondsPart());
  }
}
