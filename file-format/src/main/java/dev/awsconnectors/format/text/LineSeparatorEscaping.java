package dev.awsconnectors.format.text;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Rewrites U+2028 and U+2029 in UTF-8 JSON as the escapes {@code \u2028} and {@code \u2029}: valid JSON either way,
 * but tools that split lines on Unicode line separators (Python's {@code splitlines}, JavaScript before ES2019) would
 * otherwise break a JSONL line in two. Done on the bytes rather than with Jackson's {@code CharacterEscapes}, which
 * send every string through Jackson's slow per-character path; in JSON text the two characters can only occur
 * inside strings, where the escape means the same. A character split across two writes is completed first.
 */
final class LineSeparatorEscaping extends OutputStream {
  private static final byte LEAD = (byte) 0xE2;
  private static final byte SECOND = (byte) 0x80;
  private static final byte LINE = (byte) 0xA8;
  private static final byte PARAGRAPH = (byte) 0xA9;
  private static final byte[] LINE_ESCAPE = "\\u2028".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PARAGRAPH_ESCAPE = "\\u2029".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final byte[] held = new byte[2];
  private int heldLength;

  LineSeparatorEscaping(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (heldLength > 0) { // complete the character begun by the last write
      byte[] joined = new byte[heldLength + len];
      System.arraycopy(held, 0, joined, 0, heldLength);
      System.arraycopy(b, off, joined, heldLength, len);
      heldLength = 0;
      b = joined;
      off = 0;
      len = joined.length;
    }
    int end = off + len;
    int run = off;
    for (int i = off; i < end; i++) {
      if (b[i] != LEAD) {
        continue;
      }
      if (end - i < 3) {
        out.write(b, run, i - run);
        heldLength = end - i;
        System.arraycopy(b, i, held, 0, heldLength);
        return;
      }
      if (b[i + 1] == SECOND && (b[i + 2] == LINE || b[i + 2] == PARAGRAPH)) {
        out.write(b, run, i - run);
        out.write(b[i + 2] == LINE ? LINE_ESCAPE : PARAGRAPH_ESCAPE);
        i += 2;
        run = i + 1;
      }
    }
    out.write(b, run, end - run);
  }

  /** Writes what is held of an incomplete character (the end of the data): nothing to escape there. */
  void drain() throws IOException {
    out.write(held, 0, heldLength);
    heldLength = 0;
  }
}
