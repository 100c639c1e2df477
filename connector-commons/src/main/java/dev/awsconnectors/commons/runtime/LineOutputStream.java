package dev.awsconnectors.commons.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** An OutputStream that hands each complete line (UTF-8, without its line break) to a consumer. */
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
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
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
