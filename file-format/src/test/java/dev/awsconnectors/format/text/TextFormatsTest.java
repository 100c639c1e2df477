package dev.awsconnectors.format.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.IncomingRecord;
import dev.awsconnectors.format.AirbyteColumns;
import dev.awsconnectors.format.FileFormat;
import dev.awsconnectors.format.FileFormat.Compression;
import dev.awsconnectors.format.FileFormat.Flattening;
import dev.awsconnectors.format.FileFormats;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.StreamSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class TextFormatsTest {
  private static final JsonNode SCHEMA = ProtocolCodec.readTreeUnchecked(
      "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"
          + "\"_airbyte_raw_id\":{\"type\":\"string\"}}}");

  private static StreamSchema schema(AirbyteColumns columns) {
    return new StreamSchema(new StreamDescriptor("users", "public"), SCHEMA, columns, 7L, 42L);
  }

  private static OutputRecord record(String json) {
    return new OutputRecord(UUID.fromString("00000000-0000-4000-8000-000000000001"), 1_700_000_000_123L,
        ProtocolCodec.readTreeUnchecked(json), new AirbyteRecordMessageMeta(List.of(
            new AirbyteRecordMessageMetaChange("name", AirbyteRecordMessageMetaChange.Change.TRUNCATED,
                AirbyteRecordMessageMetaChange.Reason.SOURCE_FIELD_SIZE_LIMITATION))));
  }

  private static byte[] write(FileFormat format, StreamSchema schema, OutputRecord... records) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FormatWriter writer = FileFormats.factory(format, schema).open(out);
    for (OutputRecord r : records) {
      writer.write(r);
    }
    writer.finish();
    return out.toByteArray();
  }

  private static InputStream decompress(byte[] bytes, Compression compression) throws Exception {
    InputStream in = new ByteArrayInputStream(bytes);
    return compression == Compression.GZIP ? new GZIPInputStream(in) : in;
  }

  @Test
  void jsonlV2KeepsDataAsAnObjectWithExactNumbers() throws Exception {
    String data = "{\"id\":123456789012345678901234567890,\"name\":\"a\\nb\\u2028c\",\"x\":1.10}";
    for (Compression compression : Compression.values()) {
      byte[] bytes = write(new FileFormat.Jsonl(Flattening.NONE, compression), schema(AirbyteColumns.V2),
          record(data), record("{}"));
      String text = new String(decompress(bytes, compression).readAllBytes(), StandardCharsets.UTF_8);
      String[] lines = text.split("\n", -1);
      assertThat(lines).hasSize(3);
      assertThat(lines[2]).isEmpty();
      assertThat(lines[0]).doesNotContain("\u2028");
      JsonNode line = ProtocolCodec.readTree(lines[0]);
      assertThat(line.fieldNames()).toIterable().containsExactly("_airbyte_raw_id", "_airbyte_extracted_at",
          "_airbyte_meta", "_airbyte_generation_id", "_airbyte_data");
      assertThat(line.get("_airbyte_data")).isEqualTo(ProtocolCodec.readTree(data));
      assertThat(line.get("_airbyte_meta")).isEqualTo(ProtocolCodec.readTree(
          "{\"sync_id\":42,\"changes\":[{\"field\":\"name\",\"change\":\"TRUNCATED\","
              + "\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}]}"));
      assertThat(line.get("_airbyte_extracted_at").longValue()).isEqualTo(1_700_000_000_123L);
      assertThat(line.get("_airbyte_generation_id").longValue()).isEqualTo(7L);
    }
  }

  /** {@code tree} as a record of stdin whose data is the text {@code data}. */
  private static OutputRecord fromStdin(OutputRecord tree, String data) {
    return OutputRecord.of(tree.rawId(), tree.emittedAt(), IncomingRecord.ofBytes("public", "users",
        tree.emittedAt(), tree.meta(), data.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void textFormatsWithoutFlatteningNeverParseTheDataOfARecordOfStdin() throws Exception {
    String unparseable = "{\"a\":01}"; // a leading zero: the copy passes it on, a parse would throw
    OutputRecord record = fromStdin(record("{}"), unparseable);
    for (FileFormat format : List.of(new FileFormat.Jsonl(Flattening.NONE, Compression.NONE),
        new FileFormat.Csv(Flattening.NONE, Compression.NONE))) {
      String text = new String(write(format, schema(AirbyteColumns.V2), record), StandardCharsets.UTF_8);
      assertThat(text).as(format.extension()).contains("{\"a\":01}".replace("\"", format instanceof FileFormat.Csv
          ? "\"\"" : "\""));
    }
  }

  @Test
  void jsonlCopiesDataGivenAsTextWithoutParsingItAndWritesTheLineATreeWouldGive() throws Exception {
    // As the source wrote it: a raw U+2028 (which a JSONL line must not hold), exact numbers, member order.
    String data = "{\"z\":1.10,\"id\":123456789012345678901234567890,\"name\":\"a\\nb\u2028c \ud83d\ude00\","
        + "\"nested\":{\"list\":[1,null,\"\\\"\"]}}";
    for (Compression compression : Compression.values()) {
      FileFormat format = new FileFormat.Jsonl(Flattening.NONE, compression);
      OutputRecord tree = record(data);
      OutputRecord text = fromStdin(tree, data);

      byte[] fromText = decompress(write(format, schema(AirbyteColumns.V2), text, text), compression).readAllBytes();
      byte[] fromTree = decompress(write(format, schema(AirbyteColumns.V2), tree, tree), compression).readAllBytes();

      String line = new String(fromText, StandardCharsets.UTF_8).split("\n")[0];
      assertThat(line).doesNotContain("\u2028").contains("\"_airbyte_data\":{\"z\":1.10,\"id\":"
          + "123456789012345678901234567890,\"name\":\"a\\nb\\u2028c \ud83d\ude00\"");
      // The same lines but for spelling: a tree's generator escapes characters beyond the BMP, the text keeps them.
      String[] textLines = new String(fromText, StandardCharsets.UTF_8).split("\n", -1);
      String[] treeLines = new String(fromTree, StandardCharsets.UTF_8).split("\n", -1);
      assertThat(textLines).hasSize(3).hasSameSizeAs(treeLines);
      for (int i = 0; i < 2; i++) {
        assertThat(ProtocolCodec.readTree(textLines[i])).isEqualTo(ProtocolCodec.readTree(treeLines[i]));
      }
    }
  }

  @Test
  void csvCopiesDataGivenAsTextIntoItsJsonCellWithoutParsingIt() throws Exception {
    String data = "{\"z\":1.10,\"name\":\"say \\\"hi\\\", \u00e9 \ud83d\ude00\",\"list\":[1,null]}";
    for (Compression compression : Compression.values()) {
      FileFormat format = new FileFormat.Csv(Flattening.NONE, compression);
      OutputRecord tree = record(data);
      OutputRecord text = fromStdin(tree, data);

      List<CSVRecord> fromText = CSVParser.parse(new InputStreamReader(decompress(write(format,
          schema(AirbyteColumns.V2), text), compression), StandardCharsets.UTF_8), CsvFormatWriter.FORMAT)
          .getRecords();
      List<CSVRecord> fromTree = CSVParser.parse(new InputStreamReader(decompress(write(format,
          schema(AirbyteColumns.V2), tree), compression), StandardCharsets.UTF_8), CsvFormatWriter.FORMAT)
          .getRecords();

      assertThat(fromText).hasSize(2).hasSameSizeAs(fromTree);
      assertThat(fromText.get(1).toList().subList(0, 4)).isEqualTo(fromTree.get(1).toList().subList(0, 4));
      assertThat(fromText.get(1).get(4)).isEqualTo(data); // as the source wrote it
      assertThat(ProtocolCodec.readTree(fromText.get(1).get(4))).isEqualTo(ProtocolCodec.readTree(fromTree.get(1)
          .get(4)));
    }
  }

  @Test
  void jsonlFlatteningMergesDataAndRenamesFieldsThatCollideWithAirbyteColumns() throws Exception {
    byte[] bytes = write(new FileFormat.Jsonl(Flattening.ROOT_LEVEL, Compression.NONE), schema(AirbyteColumns.V1),
        record("{\"id\":1,\"_airbyte_ab_id\":\"mine\",\"extra\":[1,{\"a\":null}]}"));
    JsonNode line = ProtocolCodec.readTree(new String(bytes, StandardCharsets.UTF_8).trim());
    assertThat(line).isEqualTo(ProtocolCodec.readTree("{\"_airbyte_ab_id\":\"00000000-0000-4000-8000-000000000001\","
        + "\"_airbyte_emitted_at\":1700000000123,\"id\":1,\"_airbyte_ab_id_1\":\"mine\",\"extra\":[1,{\"a\":null}]}"));
  }

  @Test
  void csvWithoutFlatteningWritesDataAsJsonText() throws Exception {
    String data = "{\"id\":1,\"name\":\"quote \\\" comma , cr \\r lf \\n\"}";
    for (Compression compression : Compression.values()) {
      byte[] bytes = write(new FileFormat.Csv(Flattening.NONE, compression), schema(AirbyteColumns.V1),
          record(data));
      try (CSVParser parser = CSVParser.parse(new InputStreamReader(decompress(bytes, compression),
          StandardCharsets.UTF_8), CsvFormatWriter.FORMAT)) {
        List<CSVRecord> rows = parser.getRecords();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values()).containsExactly("_airbyte_ab_id", "_airbyte_emitted_at", "_airbyte_data");
        assertThat(rows.get(1).get(0)).isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(rows.get(1).get(1)).isEqualTo("1700000000123");
        assertThat(ProtocolCodec.readTree(rows.get(1).get(2))).isEqualTo(ProtocolCodec.readTree(data));
      }
    }
  }

  @Test
  void csvRootLevelFlatteningSortsPropertiesAndKeepsUndeclaredFields() throws Exception {
    byte[] bytes = write(new FileFormat.Csv(Flattening.ROOT_LEVEL, Compression.NONE), schema(AirbyteColumns.V2),
        record("{\"name\":\"n\",\"id\":12345678901234567890123,\"_airbyte_raw_id\":\"x\",\"more\":{\"k\":[1]}}"),
        record("{}"));
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).startsWith("\"_airbyte_raw_id\",\"_airbyte_extracted_at\",\"_airbyte_meta\","
        + "\"_airbyte_generation_id\",\"_airbyte_raw_id_1\",\"id\",\"name\",\"_airbyte_additional_properties\"\r\n");
    try (CSVParser parser = CSVParser.parse(text, CsvFormatWriter.FORMAT)) {
      List<CSVRecord> rows = parser.getRecords();
      assertThat(rows.get(1).values()).containsExactly("00000000-0000-4000-8000-000000000001", "1700000000123",
          "{\"sync_id\":42,\"changes\":[{\"field\":\"name\",\"change\":\"TRUNCATED\","
              + "\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}]}",
          "7", "x", "12345678901234567890123", "n", "{\"more\":{\"k\":[1]}}");
      assertThat(rows.get(2).values()).containsExactly("00000000-0000-4000-8000-000000000001", "1700000000123",
          "{\"sync_id\":42,\"changes\":[{\"field\":\"name\",\"change\":\"TRUNCATED\","
              + "\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}]}", "7", null, null, null, null);
    }
    assertThat(text).contains(",12345678901234567890123,");
  }

  @Test
  void theJsonCellIsWhatCommonsCsvWritesForTheJsonText() throws Exception {
    String[] data = {"{\"id\":1,\"name\":\"plain\"}",
        "{\"name\":\"say \\\"hi\\\", \\\"bye\\\"\",\"n\":12.50,\"big\":123456789012345678901234567890}",
        "{\"name\":\"caf\u00e9 \ud83d\ude00 \u2028 line\\nbreak\\r\\n\\u0001\",\"list\":[null,\"\\\"\\\"\"]}",
        "{\"nested\":{\"a\":{\"b\":[1,2,{\"c\":\",\"}]}}}", "{}"};
    for (AirbyteColumns columns : AirbyteColumns.values()) {
      StringBuilder expected = new StringBuilder();
      org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(expected,
          CsvFormatWriter.FORMAT);
      printer.printRecord(CsvFormatWriter.header(columns, false, List.of()));
      OutputRecord[] records = new OutputRecord[data.length + 1];
      for (int i = 0; i < data.length; i++) {
        records[i] = record(data[i]);
      }
      records[data.length] = new OutputRecord(UUID.fromString("00000000-0000-4000-8000-000000000002"), 5, null,
          null);
      for (OutputRecord r : records) {
        List<Object> row = new java.util.ArrayList<>(List.of(r.rawId().toString(), r.emittedAt()));
        if (columns == AirbyteColumns.V2) {
          row.add(r.meta() == null ? "{\"sync_id\":42,\"changes\":[]}" : "{\"sync_id\":42,\"changes\":[{\"field\":"
              + "\"name\",\"change\":\"TRUNCATED\",\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}]}");
          row.add(7L);
        }
        row.add(r.data() == null ? null : ProtocolCodec.serialize(r.data()));
        printer.printRecord(row);
      }
      byte[] ours = write(new FileFormat.Csv(Flattening.NONE, Compression.NONE), schema(columns), records);
      assertThat(new String(ours, StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
  }
}
