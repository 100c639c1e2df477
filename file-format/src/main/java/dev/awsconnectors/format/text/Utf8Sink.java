package dev.awsconnectors.format.text;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes characters as UTF-8 into a fixed buffer and writes it to a stream it does not own when full. Knows exactly
 * how many bytes it holds, which {@code Writer}s do not tell. A lone surrogate becomes {@code ?}, as in
 * {@code String.getBytes(UTF_8)}.
 */
final class Utf8Sink {
  private final OutputStream out;
  private final byte[] buffer;
  private int count;

  Utf8Sink(OutputStream out, int bufferSize) {
    this.out = out;
    this.buffer = new byte[bufferSize];
  }

  void append(CharSequence text) throws IOException {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (count + 4 > buffer.length) {
        drain();
      }
      char c = text.charAt(i);
      if (c < 0x80) {
        buffer[count++] = (byte) c;
      } else if (c < 0x800) {
        buffer[count++] = (byte) (0xC0 | (c >> 6));
        buffer[count++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        buffer[count++] = (byte) (0xF0 | (cp >> 18));
        buffer[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buffer[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buffer[count++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        buffer[count++] = '?';
      } else {
        buffer[count++] = (byte) (0xE0 | (c >> 12));
        buffer[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buffer[count++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }

  /** Appends bytes that are already UTF-8. */
  void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (count == buffer.length) {
        drain();
      }
      int n = Math.min(len, buffer.length - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  void write(byte b) throws IOException {
    if (count == buffer.length) {
      drain();
    }
    buffer[count++] = b;
  }

  /** Writes the buffered bytes to the stream (without flushing the stream). */
  void drain() throws IOException {
    if (count > 0) {
      out.write(buffer, 0, count);
      count = 0;
    }
  }

  int buffered() {
    return count;
  }
}
