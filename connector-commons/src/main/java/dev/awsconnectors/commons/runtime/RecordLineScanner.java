package dev.awsconnectors.commons.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first try of {@link RecordLineParser}: one pass over the bytes of a RECORD line of the exact shape sources write
 * ({@code type} "RECORD" and {@code record} with {@code namespace}, {@code stream}, {@code emitted_at}, {@code data}
 * and a null or absent {@code meta}), checking the JSON grammar of RFC 8259 as it goes, with no parser to set up and
 * no token to build. It answers null whenever it is not sure, and the line goes to the streaming parser: member names
 * or stream names with escapes, a {@code meta} object, numbers longer than {@value #MAX_NUMBER} characters, member
 * names longer than {@value #MAX_NAME}, nesting deeper than {@value #MAX_DEPTH}, anything outside the grammar. These
 * limits are far below Jackson's ({@code StreamReadConstraints}), so every line it takes is one Jackson takes. Not
 * thread-safe.
 */
final class RecordLineScanner {
  static final int MAX_DEPTH = 64;
  static final int MAX_NUMBER = 64;
  static final int MAX_NAME = 1_000;
  static final int MAX_EXPONENT_DIGITS = 4;
  private static final byte[] RECORD = "\"RECORD\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private byte[] b;
  private int i;
  private int end;
  private boolean spaced;
  // Stream names and namespaces repeat from line to line: decoded once, one descriptor per stream.
  private final StreamNameCache names = new StreamNameCache();

  /** The record of the line {@code bytes[start, start + length)}, or null if the streaming parser must read it. */
  IncomingRecord scan(byte[] bytes, int start, int length) {
    b = bytes;
    i = start;
    end = start + length;
    boolean isRecord = false;
    IncomingRecord record = null;
    ws();
    if (!take('{')) {
      return null;
    }
    do {
      ws();
      int name = plainString();
      int nameEnd = i - 1;
      if (name < 0 || !colon()) {
        return null;
      }
      if (is(name, nameEnd, "type") && !isRecord && matches(RECORD)) {
        isRecord = true;
      } else if (is(name, nameEnd, "record") && record == null && take('{')) {
        record = record();
        if (record == null) {
          return null;
        }
      } else {
        return null;
      }
      ws();
    } while (take(','));
    if (!take('}')) {
      return null;
    }
    ws();
    return i == end && isRecord && record != null ? record : null;
  }

  /** The members of the record object, after its '{'. */
  private IncomingRecord record() {
    String namespace = null;
    String stream = null;
    Long emittedAt = null;
    byte[] data = null;
    int seen = 0;
    do {
      ws();
      int name = plainString();
      int nameEnd = i - 1;
      if (name < 0 || !colon()) {
        return null;
      }
      int bit;
      if (is(name, nameEnd, "stream")) {
        bit = 1;
        stream = plainText();
        if (stream == null) {
          return null; // null, or not a plain string: the general path has the message for it
        }
      } else if (is(name, nameEnd, "namespace")) {
        bit = 2;
        if (!matches(NULL)) {
          namespace = plainText();
          if (namespace == null) {
            return null;
          }
        }
      } else if (is(name, nameEnd, "emitted_at")) {
        bit = 4;
        if (!matches(NULL)) {
          emittedAt = integer();
          if (emittedAt == null) {
            return null;
          }
        }
      } else if (is(name, nameEnd, "data")) {
        bit = 8;
        int from = i;
        spaced = false;
        if (i >= end || b[i] != '{' || !value(0)) {
          return null;
        }
        data = spaced ? RecordLineParser.compact(b, from, i) : Arrays.copyOfRange(b, from, i);
      } else if (is(name, nameEnd, "meta")) {
        bit = 16;
        if (!matches(NULL)) {
          return null; // read with the meta model by the streaming parser
        }
      } else {
        return null;
      }
      if ((seen & bit) != 0) {
        return null;
      }
      seen |= bit;
      ws();
    } while (take(','));
    if (!take('}') || stream == null || data == null) {
      return null;
    }
    return IncomingRecord.ofBytes(names.descriptor(stream, namespace), emittedAt, data);
  }

  /** One JSON value, checked; false if it is not one (or is beyond the limits). */
  private boolean value(int depth) {
    if (i >= end) {
      return false;
    }
    switch (b[i]) {
      case '{' -> {
        return container(depth, '}', true);
      }
      case '[' -> {
        return container(depth, ']', false);
      }
      case '"' -> {
        return string();
      }
      case 't' -> {
        return matches(TRUE);
      }
      case 'f' -> {
        return matches(FALSE);
      }
      case 'n' -> {
        return matches(NULL);
      }
      default -> {
        return number();
      }
    }
  }

  /** An object or array at its opening bracket: members (name, colon, value) or values, up to {@code close}. */
  private boolean container(int depth, char close, boolean members) {
    if (depth >= MAX_DEPTH) {
      return false;
    }
    i++;
    spacedWs();
    if (take(close)) {
      return true;
    }
    do {
      spacedWs();
      if (members && !memberName()) {
        return false;
      }
      if (!value(depth + 1)) {
        return false;
      }
      spacedWs();
    } while (take(','));
    return take(close);
  }

  /** A member's name and its colon, with the whitespace around them. */
  private boolean memberName() {
    int name = i;
    if (i >= end || b[i] != '"' || !string() || i - name > MAX_NAME) {
      return false;
    }
    spacedWs();
    if (!take(':')) {
      return false;
    }
    spacedWs();
    return true;
  }

  /** A string at its opening quote, escapes checked; the bytes are UTF-8 already (checked by the line reader). */
  private boolean string() {
    i++;
    while (true) {
      i = ByteWords.stringStop(b, i, end, true);
      if (i >= end) {
        return false;
      }
      byte c = b[i];
      if (c == '"') {
        i++;
        return true;
      }
      if (c == '\\') {
        if (i + 1 >= end) {
          return false;
        }
        byte e = b[i + 1];
        if (e == 'u') {
          if (i + 6 > end || !hex(b[i + 2]) || !hex(b[i + 3]) || !hex(b[i + 4]) || !hex(b[i + 5])) {
            return false;
          }
          i += 6;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
          i += 2;
        } else {
          return false;
        }
      } else {
        return false; // a control character must be escaped
      }
    }
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, at most {@value #MAX_NUMBER} characters. */
  private boolean number() {
    int from = i;
    take('-');
    if (take('0')) {
      // no more digits may follow a leading zero: the caller finds one where it expects a delimiter
    } else if (!digits()) {
      return false;
    }
    if (take('.') && !digits()) {
      return false;
    }
    if (take('e') || take('E')) {
      if (!take('+')) {
        take('-');
      }
      int exponent = i;
      // BigDecimal takes exponents that fit its int scale; four digits never come near it
      if (!digits() || i - exponent > MAX_EXPONENT_DIGITS) {
        return false;
      }
    }
    return i - from <= MAX_NUMBER;
  }

  private boolean digits() {
    int from = i;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i > from;
  }

  /** A long of at most 18 digits, with no fraction or exponent; null otherwise (left to the general path). */
  private Long integer() {
    int from = i;
    boolean negative = take('-');
    int digitsFrom = i;
    if (!take('0') && !digits()) {
      return null;
    }
    int count = i - digitsFrom;
    if (count > 18 || (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E' || (b[i] >= '0' && b[i] <= '9')))) {
      i = from;
      return null;
    }
    long value = 0;
    for (int k = digitsFrom; k < i; k++) {
      value = value * 10 + (b[k] - '0');
    }
    return negative ? -value : value;
  }

  /** A string without escapes, as a String (the cached one for a name read before); null for anything else. */
  private String plainText() {
    int from = i + 1;
    if (plainString() < 0) {
      return null;
    }
    return names.text(b, from, i - 1 - from);
  }

  /** A string without escapes or control characters; the index of its first byte, or -1 (position then unknown). */
  private int plainString() {
    if (!take('"')) {
      return -1;
    }
    int from = i;
    i = ByteWords.stringStop(b, i, end, true);
    if (i < end && b[i] == '"') {
      i++;
      return from;
    }
    return -1;
  }

  /** Whether the plain string {@code b[from, to)} is {@code name}. */
  private boolean is(int from, int to, String name) {
    int length = to - from;
    if (length != name.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (b[from + k] != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private boolean colon() {
    ws();
    if (!take(':')) {
      return false;
    }
    ws();
    return true;
  }

  private boolean matches(byte[] text) {
    if (end - i < text.length || !Arrays.equals(b, i, i + text.length, text, 0, text.length)) {
      return false;
    }
    i += text.length;
    return true;
  }

  private boolean take(char c) {
    if (i < end && b[i] == c) {
      i++;
      return true;
    }
    return false;
  }

  /** Whitespace between tokens (RFC 8259: space, tab, line feed, carriage return). */
  private void ws() {
    while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
      i++;
    }
  }

  /** Whitespace inside the data, which its copy leaves out. */
  private void spacedWs() {
    int from = i;
    ws();
    spaced |= i > from;
  }

  private static boolean hex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
