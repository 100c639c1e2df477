package dev.awsconnectors.commons.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stream as lines of strict UTF-8: a line that is not valid UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF, no truncated sequence) is an error naming the line, never silently altered (a
 * {@code Reader} would turn it into U+FFFD). Lines end at {@code \n}, {@code \r} or {@code \r\n}, as
 * {@link java.io.BufferedReader#readLine()} has them. Lines are read straight from a fixed read buffer, as bytes
 * ({@link #advance()}) or text ({@link #next()}); only a line that spans two reads is copied. Not thread-safe; does
 * not close the stream.
 */
final class Utf8Lines {
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private final Runnable beforeRead;
  private final byte[] buffer = new byte[BUFFER];
  private int position;
  private int limit;
  private boolean skipLineFeed;
  private byte[] spill = new byte[256];
  private long number;
  private byte[] lineBytes;
  private int lineStart;
  private int lineLength;

  /** A line that is not valid UTF-8. */
  static final class MalformedLineException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedLineException(long line, int offset, int value) {
      super(String.format("line %d is not valid UTF-8: byte %d of the line (0x%02X) begins no valid character",
          line, offset + 1, value));
    }
  }

  Utf8Lines(InputStream in) {
    this(in, () -> {});
  }

  /**
   * @param beforeRead runs before each read of the stream, when every complete line read so far has been returned
   *     (a line that spans two reads is then incomplete)
   */
  Utf8Lines(InputStream in, Runnable beforeRead) {
    this.in = in;
    this.beforeRead = beforeRead;
  }

  /** The number of the line last returned (1-based), or of the malformed line. */
  long number() {
    return number;
  }

  /**
   * The next line without its terminator, or {@code null} at the end of the stream.
   *
   * @throws MalformedLineException if the line is not valid UTF-8
   */
  String next() throws IOException {
    return advance() ? text() : null;
  }

  /**
   * Moves to the next line, validated as strict UTF-8, whose bytes are then {@link #bytes()} from {@link #start()}
   * for {@link #length()} bytes; false at the end of the stream. The bytes stay valid until the next call.
   *
   * @throws MalformedLineException if the line is not valid UTF-8
   */
  boolean advance() throws IOException {
    int spilled = 0;
    while (true) {
      if (position == limit && !fill()) {
        if (spilled == 0) {
          return false;
        }
        number++;
        return line(spill, 0, spilled);
      }
      if (skipLineFeed) {
        skipLineFeed = false;
        if (buffer[position] == '\n') {
          position++;
          continue;
        }
      }
      int start = position;
      if (spilled == 0) {
        // The common case, a whole valid line in the buffer: found and checked in one pass.
        int end = validLineEnd(buffer, start, limit);
        if (end >= 0) {
          skipLineFeed = buffer[end] == '\r';
          position = end + 1;
          number++;
          lineBytes = buffer;
          lineStart = start;
          lineLength = end - start;
          return true;
        }
      }
      // A line that goes on past the buffer, or is not valid UTF-8: found first, then checked whole.
      int end = lineEnd(buffer, start, limit);
      if (end < limit) {
        skipLineFeed = buffer[end] == '\r';
        position = end + 1;
        number++;
        if (spilled == 0) {
          return line(buffer, start, end - start);
        }
        spilled = spill(spilled, start, end);
        return line(spill, 0, spilled);
      }
      spilled = spill(spilled, start, end);
      position = limit;
    }
  }

  /** The array holding the current line (a shared buffer: read it before the next {@link #advance()}). */
  byte[] bytes() {
    return lineBytes;
  }

  int start() {
    return lineStart;
  }

  int length() {
    return lineLength;
  }

  /** The current line as text. */
  String text() {
    return new String(lineBytes, lineStart, lineLength, StandardCharsets.UTF_8);
  }

  private boolean fill() throws IOException {
    beforeRead.run();
    int n;
    do {
      n = in.read(buffer, 0, BUFFER);
    } while (n == 0);
    position = 0;
    limit = Math.max(n, 0);
    return n > 0;
  }

  private int spill(int spilled, int from, int to) {
    int length = to - from;
    if (spilled + length > spill.length) {
      spill = Arrays.copyOf(spill, Math.max(spill.length * 2, spilled + length));
    }
    System.arraycopy(buffer, from, spill, spilled, length);
    return spilled + length;
  }

  private boolean line(byte[] bytes, int offset, int length) throws MalformedLineException {
    int invalid = firstInvalid(bytes, offset, offset + length);
    if (invalid != -1) {
      throw new MalformedLineException(number, invalid - offset, bytes[invalid] & 0xFF);
    }
    lineBytes = bytes;
    lineStart = offset;
    lineLength = length;
    return true;
  }

  /** The index of the first {@code \n} or {@code \r} in {@code bytes[from, to)}, or {@code to}; eight bytes a step. */
  static int lineEnd(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long word = ByteWords.word(bytes, i);
      if (ByteWords.has(word, (byte) '\n') || ByteWords.has(word, (byte) '\r')) {
        break;
      }
    }
    while (i < to && bytes[i] != '\n' && bytes[i] != '\r') {
      i++;
    }
    return i;
  }

  /**
   * The index of the first {@code \n} or {@code \r} in {@code bytes[from, to)} if every byte before it is valid UTF-8;
   * -1 if there is none, or if an invalid or cut-off sequence comes first ({@link #lineEnd} and {@link #firstInvalid}
   * then say exactly where). Eight bytes a step while they are all ASCII above {@code \r}.
   */
  static int validLineEnd(byte[] bytes, int from, int to) {
    int i = from;
    while (true) {
      while (i + Long.BYTES <= to && isPlainAscii(ByteWords.word(bytes, i))) {
        i += Long.BYTES;
      }
      if (i >= to) {
        return -1;
      }
      int b = bytes[i];
      if (b >= 0) {
        if (b == '\n' || b == '\r') {
          return i;
        }
        i++;
      } else {
        int length = sequenceLength(bytes, i, to);
        if (length == 0) {
          return -1;
        }
        i += length;
      }
    }
  }

  /**
   * Whether no byte of {@code word} is below 0x0E (where {@code \n} and {@code \r} are) or has its high bit set.
   * Exact: only a byte below 0x0E borrows from the next one, and it sets its own high bit in the difference.
   */
  private static boolean isPlainAscii(long word) {
    return (((word - 0x0E0E0E0E0E0E0E0EL) | word) & 0x8080808080808080L) == 0;
  }

  /**
   * The index of the first byte of the first invalid sequence in {@code bytes[from, to)}, or -1 if all is valid UTF-8.
   * A sequence cut off by {@code to} is invalid at its lead byte.
   */
  static int firstInvalid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        // Mostly ASCII: skip eight bytes at a time while none has its high bit set.
        while (i + Long.BYTES <= to && !ByteWords.hasHighBit(ByteWords.word(bytes, i))) {
          i += Long.BYTES;
        }
        continue;
      }
      int length = sequenceLength(bytes, i, to);
      if (length == 0) {
        return i;
      }
      i += length;
    }
    return -1;
  }

  /**
   * The length of the valid sequence whose lead byte, not ASCII, is {@code bytes[i]}; 0 if it is invalid or cut off by
   * {@code to}.
   */
  private static int sequenceLength(byte[] bytes, int i, int to) {
    int lead = bytes[i] & 0xFF;
    int length;
    int secondLow = 0x80;
    int secondHigh = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) {
        secondLow = 0xA0; // overlong below U+0800
      } else if (lead == 0xED) {
        secondHigh = 0x9F; // UTF-16 surrogates
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) {
        secondLow = 0x90; // overlong below U+10000
      } else if (lead == 0xF4) {
        secondHigh = 0x8F; // above U+10FFFF
      }
    } else {
      return 0; // a continuation byte without lead, an overlong C0/C1 lead, or F5..FF
    }
    if (i + length > to) {
      return 0;
    }
    int second = bytes[i + 1] & 0xFF;
    if (second < secondLow || second > secondHigh) {
      return 0;
    }
    for (int k = 2; k < length; k++) {
      if ((bytes[i + k] & 0xC0) != 0x80) {
        return 0;
      }
    }
    return length;
  }
}
