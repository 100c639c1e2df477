package dev.awsconnectors.destination.s3.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.format.Readers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the files the destination wrote with each format's own reader (Jackson, commons-csv, Avro's
 * DataFileReader, parquet-avro's AvroParquetReader) into JSON objects, one per record, for comparison with the input.
 */
public final class FileReaders {
  private FileReaders() {}

  public static List<ObjectNode> read(String extension, byte[] bytes) {
    return switch (extension) {
      case ".jsonl" -> jsonl(new ByteArrayInputStream(bytes));
      case ".jsonl.gz" -> jsonl(gunzip(bytes));
      case ".csv" -> csv(new ByteArrayInputStream(bytes));
      case ".csv.gz" -> csv(gunzip(bytes));
      case ".avro" -> avro(bytes);
      case ".parquet" -> parquet(bytes);
      default -> throw new IllegalArgumentException(extension);
    };
  }

  private static InputStream gunzip(byte[] bytes) {
    try {
      return new GZIPInputStream(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<ObjectNode> jsonl(InputStream in) {
    List<ObjectNode> out = new ArrayList<>();
    try (var reader = new java.io.BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        out.add((ObjectNode) ProtocolCodec.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Every column as text (CSV has no types); an empty unquoted field is null. */
  static List<ObjectNode> csv(InputStream in) {
    List<ObjectNode> out = new ArrayList<>();
    try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (CSVRecord record : parser) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> e : record.toMap().entrySet()) {
          row.put(e.getKey(), e.getValue());
        }
        out.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static List<ObjectNode> avro(byte[] bytes) {
    return Readers.avro(bytes).stream().map(FileReaders::toJson).toList();
  }

  static List<ObjectNode> parquet(byte[] bytes) {
    return Readers.parquet(bytes).stream().map(FileReaders::toJson).toList();
  }

  private static ObjectNode toJson(GenericRecord record) {
    return (ObjectNode) ProtocolCodec.readTreeUnchecked(GenericData.get().toString(record));
  }

  /** Numbers compared by value (1.50 equals 1.5), recursively. */
  public static JsonNode normalized(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isNumber()) {
      return JsonNodeFactory.instance.numberNode(new BigDecimal(node.asText()).stripTrailingZeros());
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.set(e.getKey(), normalized(e.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> copy.add(normalized(e)));
      return copy;
    }
    return node;
  }
}
