package dev.awsconnectors.destination.kinesis.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Checks that a text is exactly one JSON value and returns it without the whitespace between tokens, as UTF-8.
 * Everything else is kept as written: numbers with their exact spelling, strings with their escapes. Duplicate names
 * in an object are refused (a template that writes a name twice has a mistake). Stateless.
 */
public final class CompactJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  /** @throws InvalidJsonException naming the parser's complaint and where in the text it arose */
  public byte[] compact(String text) throws InvalidJsonException {
    check(text);
    return withoutWhitespace(text).getBytes(StandardCharsets.UTF_8);
  }

  /** Jackson's parser reads every token (strings and numbers only as far as their end): one value, nothing after. */
  private static void check(String text) throws InvalidJsonException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken token = p.nextToken();
      if (token == null) {
        throw new InvalidJsonException("the text is empty (no JSON value)", 1, 1);
      }
      if (token.isStructStart()) {
        p.skipChildren();
      }
      if (p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new InvalidJsonException("more text follows the first JSON value", at.getLineNr(), at.getColumnNr());
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidJsonException(e.getOriginalMessage(), at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Drops the whitespace outside strings of valid JSON (where it can only separate tokens); returns {@code text}
   * itself when there is none.
   */
  static String withoutWhitespace(String text) {
    StringBuilder out = null;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++; // the escaped character, which may be a quote
          if (out != null) {
            out.append(c).append(text.charAt(i));
          }
          continue;
        }
        if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        if (out == null) {
          out = new StringBuilder(text.length()).append(text, 0, i);
        }
        continue;
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /** The text is not one JSON value. */
  public static final class InvalidJsonException extends Exception {
    InvalidJsonException(String reason, int line, int column) {
      super(reason + (line > 0 ? " (line " + line + ", column " + column + ")" : ""), null, false, false);
    }
  }
}
