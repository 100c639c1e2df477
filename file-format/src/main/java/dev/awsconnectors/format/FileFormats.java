package dev.awsconnectors.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.format.compression.CompressingStream;
import dev.awsconnectors.format.text.CsvFormatWriter;
import dev.awsconnectors.format.text.JsonlFormatWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of this module: a {@link FormatWriterFactory} for one stream and one format. The stream's schema is
 * converted here, once; a schema that cannot be converted fails here with a message naming the stream and the field,
 * never in the middle of a file.
 */
public final class FileFormats {
  private FileFormats() {}

  /**
   * The factory of {@code schema}'s files in {@code format}.
   *
   * @throws dev.awsconnectors.commons.error.ConnectorException if the schema cannot be converted
   */
  public static FormatWriterFactory factory(FileFormat format, StreamSchema schema) {
    if (format instanceof FileFormat.Jsonl jsonl) {
      return new Factory(format.extension(), out -> new JsonlFormatWriter(
          CompressingStream.open(jsonl.compression(), out), schema, jsonl.flattening()));
    }
    if (format instanceof FileFormat.Csv csv) {
      List<String> properties = topLevelProperties(schema.jsonSchema());
      return new Factory(format.extension(), out -> new CsvFormatWriter(
          CompressingStream.open(csv.compression(), out), schema, csv.flattening(), properties));
    }
    throw new SystemErrorException("The " + format.getClass().getSimpleName() + " format is not available yet",
        null, schema.stream());
  }

  private static List<String> topLevelProperties(JsonNode jsonSchema) {
    List<String> names = new ArrayList<>();
    JsonNode properties = jsonSchema == null ? null : jsonSchema.get("properties");
    if (properties != null && properties.isObject()) {
      properties.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  /** Opens one writer per file. */
  @FunctionalInterface
  private interface Opener {
    FormatWriter open(OutputStream out) throws IOException;
  }

  private record Factory(String extension, Opener opener) implements FormatWriterFactory {
    @Override
    public FormatWriter open(OutputStream out) throws IOException {
      return opener.open(out);
    }
  }
}
