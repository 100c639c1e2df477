package dev.awsconnectors.destination.kinesis.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Checks that a text is exactly one JSON value and writes it without the whitespace between tokens, as UTF-8. Numbers
 * are copied with their exact spelling; duplicate names in an object are refused (a template that writes a name
 * twice has a mistake). One instance per thread: it reuses its buffer.
 */
public final class CompactJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8) // an emoji stays its four UTF-8 bytes
      .build();

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

  /** @throws InvalidJsonException naming the parser's complaint and where in the text it arose */
  public byte[] compact(String text) throws InvalidJsonException {
    buffer.reset();
    try (JsonParser p = FACTORY.createParser(text); JsonGenerator g = FACTORY.createGenerator(buffer)) {
      JsonToken token = p.nextToken();
      if (token == null) {
        throw new InvalidJsonException("the text is empty (no JSON value)", 1, 1);
      }
      int depth = 0;
      do {
        switch (token) {
          case START_OBJECT -> {
            g.writeStartObject();
            depth++;
          }
          case START_ARRAY -> {
            g.writeStartArray();
            depth++;
          }
          case END_OBJECT -> {
            g.writeEndObject();
            depth--;
          }
          case END_ARRAY -> {
            g.writeEndArray();
            depth--;
          }
          case FIELD_NAME -> g.writeFieldName(p.currentName());
          case VALUE_STRING -> g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText()); // the spelling as written
          case VALUE_TRUE -> g.writeBoolean(true);
          case VALUE_FALSE -> g.writeBoolean(false);
          case VALUE_NULL -> g.writeNull();
          default -> throw new IllegalStateException("Unexpected JSON token " + token);
        }
        token = depth > 0 ? p.nextToken() : null;
      } while (token != null);
      if (p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new InvalidJsonException("more text follows the first JSON value", at.getLineNr(), at.getColumnNr());
      }
      g.flush();
      return buffer.toByteArray();
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidJsonException(e.getOriginalMessage(), at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text is not one JSON value. */
  public static final class InvalidJsonException extends Exception {
    InvalidJsonException(String reason, int line, int column) {
      super(reason + (line > 0 ? " (line " + line + ", column " + column + ")" : ""), null, false, false);
    }
  }
}
