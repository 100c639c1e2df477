package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.UnknownValueListener;
import java.io.IOException;
import java.util.Arrays;

/**
 * The fast path of stdin: reads a RECORD line with {@link RecordLineScanner}, or else Jackson's streaming parser,
 * keeping its {@code data} object as bytes (checked to be well-formed JSON, compacted) instead of building a tree. It
 * takes only the plain shape of a record
 * line, the one sources write: the members {@code type} and {@code record}, and in the record {@code namespace},
 * {@code stream}, {@code emitted_at} (an integer), {@code data} (an object) and {@code meta}, each at most once.
 * Anything else (another message type, another member, another value type, malformed JSON, trailing content) is left
 * to the general path, which reads the line in full and gives the same record or the same error. Not thread-safe.
 */
final class RecordLineParser {
  private static final Object NOT_HANDLED = new Object();
  /** Longer lines go to the general path: no string in them can exceed Jackson's limit (20 million chars) unseen. */
  static final int MAX_LINE = 16 << 20;

  private final JsonFactory factory = ProtocolCodec.mapper().getFactory();
  private final ObjectReader metaReader;
  private final RecordLineScanner scanner = new RecordLineScanner();

  /** @param listener told of enum values the model does not know in a record's {@code meta} */
  RecordLineParser(UnknownValueListener listener) {
    // A member of the line, read in place: what follows it is the rest of the line, not trailing content.
    this.metaReader = ProtocolCodec.messageReader(listener).forType(AirbyteRecordMessageMeta.class)
        .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The record of a RECORD line of the plain shape, or null if the general path must read the line. */
  IncomingRecord parse(byte[] bytes, int start, int length) {
    if (length > MAX_LINE) {
      return null;
    }
    IncomingRecord scanned = scanner.scan(bytes, start, length);
    return scanned != null ? scanned : streamed(bytes, start, length);
  }

  /** A line of the plain shape the scanner did not take (a meta object, escaped names): read by Jackson's parser. */
  private IncomingRecord streamed(byte[] bytes, int start, int length) {
    try (JsonParser p = factory.createParser(bytes, start, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      boolean isRecord = false;
      IncomingRecord record = null;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("type") && !isRecord && value == JsonToken.VALUE_STRING && p.getText().equals("RECORD")) {
          isRecord = true;
        } else if (name.equals("record") && record == null && value == JsonToken.START_OBJECT) {
          record = record(p, bytes, start);
          if (record == null) {
            return null;
          }
        } else {
          return null;
        }
      }
      return isRecord && record != null && p.nextToken() == null ? record : null;
    } catch (IOException | RuntimeException e) {
      return null; // the general path reports it as the line's error (a number the tree refuses, for one)
    }
  }

  /** The record object the parser is at (its START_OBJECT), or null if it is not of the plain shape. */
  private IncomingRecord record(JsonParser p, byte[] bytes, int start) throws IOException {
    Object namespace = null;
    Object stream = null;
    Long emittedAt = null;
    AirbyteRecordMessageMeta meta = null;
    byte[] data = null;
    int seen = 0;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      int bit;
      switch (name) {
        case "namespace" -> {
          bit = 1;
          namespace = text(p, value);
        }
        case "stream" -> {
          bit = 2;
          stream = text(p, value);
        }
        case "emitted_at" -> {
          bit = 4;
          if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            emittedAt = p.getLongValue();
          } else if (value != JsonToken.VALUE_NULL) {
            return null;
          }
        }
        case "data" -> {
          bit = 8;
          if (value != JsonToken.START_OBJECT) {
            return null;
          }
          long from = p.currentTokenLocation().getByteOffset();
          readNumbers(p);
          long to = p.currentTokenLocation().getByteOffset() + 1;
          if (from < 0 || bytes[start + (int) from] != '{' || bytes[start + (int) to - 1] != '}') {
            return null;
          }
          data = compact(bytes, start + (int) from, start + (int) to);
        }
        case "meta" -> {
          bit = 16;
          if (value == JsonToken.START_OBJECT) {
            meta = metaReader.readValue(p);
          } else if (value != JsonToken.VALUE_NULL) {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
      if ((seen & bit) != 0) {
        return null;
      }
      seen |= bit;
    }
    if (namespace == NOT_HANDLED || !(stream instanceof String) || data == null) {
      return null;
    }
    return IncomingRecord.ofBytes((String) namespace, (String) stream, emittedAt, meta, data);
  }

  /**
   * Moves past the object or array the parser is at, reading its numbers as the general path's tree does (a float
   * as a BigDecimal), so that a number the tree refuses (an exponent beyond an int) is refused here too.
   */
  private static void readNumbers(JsonParser p) throws IOException {
    int depth = 0;
    do {
      JsonToken t = p.currentToken();
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        depth++;
      } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        depth--;
      } else if (t == JsonToken.VALUE_NUMBER_INT) {
        p.getNumberValue();
      } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
        p.getDecimalValue();
      }
    } while (depth > 0 && p.nextToken() != null);
  }

  /** A string or null member; anything else is not handled. */
  private static Object text(JsonParser p, JsonToken value) throws IOException {
    return value == JsonToken.VALUE_STRING ? p.getText() : value == JsonToken.VALUE_NULL ? null : NOT_HANDLED;
  }

  /**
   * A copy of the well-formed JSON text {@code bytes[from, to)} without whitespace outside strings. Strings are
   * copied as they are (escapes included), so only insignificant bytes go.
   */
  static byte[] compact(byte[] bytes, int from, int to) {
    boolean inString = false;
    int i = from;
    for (; i < to; i++) {
      byte c = bytes[i];
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        break;
      }
    }
    if (i >= to) {
      return Arrays.copyOfRange(bytes, from, to);
    }
    byte[] out = new byte[to - from];
    int n = i - from;
    System.arraycopy(bytes, from, out, 0, n);
    for (; i < to; i++) {
      byte c = bytes[i];
      if (inString) {
        out[n++] = c;
        if (c == '\\') {
          out[n++] = bytes[++i];
        } else if (c == '"') {
          inString = false;
        }
      } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        out[n++] = c;
        inString = c == '"';
      }
    }
    return Arrays.copyOf(out, n);
  }
}
