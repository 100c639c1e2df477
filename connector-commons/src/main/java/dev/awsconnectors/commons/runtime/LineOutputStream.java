package dev.awsconnectors.commons.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An OutputStream that hands each complete line (UTF-8, without its line break, a trailing CR removed) to a
 * consumer. Thread-safe: a line is handed over whole even when threads write at the same time.
 */
final class LineOutputStream extends OutputStream {
  private final Consumer<String> lines;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  LineOutputStream(Consumer<String> lines) {
    this.lines = lines;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else {
      buffer.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int start = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (b[i] == '\n') {
        buffer.write(b, start, i - start);
        emit();
        start = i + 1;
      }
    }
    buffer.write(b, start, end - start);
  }

  @Override
  public synchronized void flush() {
    if (buffer.size() > 0) {
      emit();
    }
  }

  @Override
  public void close() {
    flush();
  }

  private void emit() {
    String line = buffer.toString(StandardCharsets.UTF_8);
    buffer.reset();
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    lines.accept(line);
  }
}
