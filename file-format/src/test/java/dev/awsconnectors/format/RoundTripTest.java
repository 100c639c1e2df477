package dev.awsconnectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.format.FileFormat.AvroCodec;
import dev.awsconnectors.format.FileFormat.Compression;
import dev.awsconnectors.format.FileFormat.Flattening;
import dev.awsconnectors.format.FileFormat.ParquetCodec;
import dev.awsconnectors.format.schema.AvroRecordMapper;
import dev.awsconnectors.format.schema.Temporals;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format x compression x column version: the sample records (unicode, line breaks, quotes and commas, numbers
 * beyond 64 bits, nested arrays and objects, nulls, missing and undeclared fields, wrong-typed values) are written,
 * read back with the format's own reader, and compared with the input per the documented mapping.
 */
class RoundTripTest {
  private static final List<OutputRecord> RECORDS = Samples.records();

  static Stream<Arguments> textFormats() {
    List<Arguments> out = new ArrayList<>();
    for (AirbyteColumns columns : AirbyteColumns.values()) {
      for (Compression compression : Compression.values()) {
        for (Flattening flattening : Flattening.values()) {
          out.add(Arguments.of(new FileFormat.Jsonl(flattening, compression), columns));
          out.add(Arguments.of(new FileFormat.Csv(flattening, compression), columns));
        }
      }
    }
    return out.stream();
  }

  static Stream<Arguments> avroFormats() {
    List<FileFormat.Avro> formats = new ArrayList<>();
    formats.add(new FileFormat.Avro(AvroCodec.NULL, 0, false));
    formats.add(new FileFormat.Avro(AvroCodec.BZIP2, 0, false));
    formats.add(new FileFormat.Avro(AvroCodec.SNAPPY, 0, false));
    for (int level = 0; level <= 9; level++) {
      formats.add(new FileFormat.Avro(AvroCodec.DEFLATE, level, false));
      formats.add(new FileFormat.Avro(AvroCodec.XZ, level, false));
    }
    for (int level = -5; level <= 22; level++) {
      formats.add(new FileFormat.Avro(AvroCodec.ZSTANDARD, level, level % 2 == 0));
    }
    List<Arguments> out = new ArrayList<>();
    for (FileFormat.Avro format : formats) {
      for (AirbyteColumns columns : AirbyteColumns.values()) {
        out.add(Arguments.of(format, columns));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> parquetFormats() {
    List<Arguments> out = new ArrayList<>();
    for (ParquetCodec codec : ParquetCodec.values()) {
      for (AirbyteColumns columns : AirbyteColumns.values()) {
        out.add(Arguments.of(new FileFormat.Parquet(codec, 128, 8, 1024, 1024, true), columns));
      }
    }
    out.add(Arguments.of(new FileFormat.Parquet(ParquetCodec.SNAPPY, 1, 0, 1, 1, false), AirbyteColumns.V2));
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("avroFormats")
  void avroReadsBackAsTheMappedRecords(FileFormat.Avro format, AirbyteColumns columns) {
    byte[] bytes = Samples.write(format, Samples.stream(columns), RECORDS);
    assertThat(Readers.avroSchema(bytes).getProp("avro.codec")).isNull();
    assertTyped(Readers.avro(bytes), columns);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("parquetFormats")
  void parquetReadsBackAsTheMappedRecords(FileFormat.Parquet format, AirbyteColumns columns) {
    byte[] bytes = Samples.write(format, Samples.stream(columns), RECORDS);
    assertTyped(Readers.parquet(bytes), columns);
    CompressionCodecName expected = switch (format.codec()) {
      case UNCOMPRESSED -> CompressionCodecName.UNCOMPRESSED;
      case SNAPPY -> CompressionCodecName.SNAPPY;
      case GZIP -> CompressionCodecName.GZIP;
      case LZ4 -> CompressionCodecName.LZ4_RAW;
      case ZSTD -> CompressionCodecName.ZSTD;
    };
    for (BlockMetaData block : Readers.parquetFooter(bytes).getBlocks()) {
      for (ColumnChunkMetaData column : block.getColumns()) {
        assertThat(column.getCodec()).isEqualTo(expected);
      }
    }
  }

  /** Read-back equals what the mapper produced, and nothing of the input was lost. */
  private static void assertTyped(List<GenericRecord> read, AirbyteColumns columns) {
    assertThat(read).hasSize(RECORDS.size());
    AvroRecordMapper mapper = AvroRecordMapper.create(Samples.stream(columns));
    for (int i = 0; i < RECORDS.size(); i++) {
      OutputRecord input = RECORDS.get(i);
      GenericRecord record = read.get(i);
      assertThat(plain(record)).as("record %d", i).isEqualTo(plain(mapper.map(input)));
      assertThat(record.get(columns.idColumn()).toString()).isEqualTo(input.rawId().toString());
      assertThat(record.get(columns.timestampColumn())).isEqualTo(input.emittedAt());
      assertKept(input.data(), record, "record " + i);
    }
  }

  /** Every non-null input field is either represented by its typed field or kept as JSON in the record's map. */
  private static void assertKept(JsonNode input, GenericRecord record, String where) {
    Map<?, ?> additional = (Map<?, ?>) record.get(AirbyteColumns.ADDITIONAL_PROPERTIES);
    for (Map.Entry<String, JsonNode> property : input.properties()) {
      String name = property.getKey();
      JsonNode value = property.getValue();
      String at = where + "." + name;
      Object kept = additional == null ? null : lookup(additional, name);
      if (kept != null) {
        assertThat(ProtocolCodec.readTreeUnchecked(kept.toString())).as(at).isEqualTo(value);
        continue;
      }
      if (value.isNull()) {
        continue;
      }
      Schema.Field field = fieldFor(record.getSchema(), name);
      if (field == null) {
        fail("%s was dropped", at);
      }
      assertRepresents(value, record.get(field.name()), field.schema(), at);
    }
  }

  private static Object lookup(Map<?, ?> map, String key) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (e.getKey().toString().equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static Schema.Field fieldFor(Schema record, String original) {
    for (Schema.Field field : record.getFields()) {
      String doc = field.doc();
      String name = doc != null && doc.startsWith(AvroRecordMapper.ORIGINAL_NAME_DOC)
          ? doc.substring(AvroRecordMapper.ORIGINAL_NAME_DOC.length()) : field.name();
      if (name.equals(original) && !(field.pos() < 4 && field.name().startsWith("_airbyte_") && doc == null
          && record.getField(AirbyteColumns.ADDITIONAL_PROPERTIES) != null && isAirbyteColumn(field.name()))) {
        return field;
      }
    }
    return null;
  }

  private static boolean isAirbyteColumn(String name) {
    return AirbyteColumns.V1.columnNames().contains(name) || AirbyteColumns.V2.columnNames().contains(name);
  }

  private static void assertRepresents(JsonNode value, Object datum, Schema schema, String at) {
    if (schema.isNullable() && schema.getType() == Schema.Type.UNION) {
      schema = schema.getTypes().get(1);
    }
    assertThat(datum).as(at + " is not null").isNotNull();
    LogicalType logical = schema.getLogicalType();
    switch (schema.getType()) {
      case RECORD -> {
        GenericRecord record = (GenericRecord) datum;
        if (schema.getField(AirbyteColumns.ADDITIONAL_PROPERTIES) != null) {
          assertKept(value, record, at);
        } else {
          String member = record.get("type").toString();
          assertRepresents(value, record.get(member), schema.getField(member).schema(), at + "<" + member + ">");
        }
      }
      case ARRAY -> {
        List<?> list = new ArrayList<>((Collection<?>) datum);
        assertThat(list).as(at).hasSize(value.size());
        for (int i = 0; i < list.size(); i++) {
          if (!value.get(i).isNull()) {
            assertRepresents(value.get(i), list.get(i), schema.getElementType(), at + "[" + i + "]");
          } else {
            assertThat(list.get(i)).isNull();
          }
        }
      }
      case MAP -> {
        Map<?, ?> map = (Map<?, ?>) datum;
        for (Map.Entry<String, JsonNode> e : value.properties()) {
          if (!e.getValue().isNull()) {
            assertRepresents(e.getValue(), lookup(map, e.getKey()), schema.getValueType(), at + "." + e.getKey());
          }
        }
      }
      case LONG -> {
        if (logical == null) {
          assertThat(value.bigIntegerValue().longValueExact()).as(at).isEqualTo(datum);
          assertThat(value.decimalValue().stripTrailingZeros().scale()).as(at).isLessThanOrEqualTo(0);
        } else if (logical.equals(LogicalTypes.timestampMicros())) {
          assertThat(Temporals.instantMicros(value.textValue())).as(at).isEqualTo(datum);
        } else if (logical.equals(LogicalTypes.localTimestampMicros())) {
          assertThat(Temporals.localMicros(value.textValue())).as(at).isEqualTo(datum);
        } else {
          assertThat(datum).as(at).isIn(Temporals.timeMicros(value.textValue(), true),
              Temporals.timeMicros(value.textValue(), false));
        }
      }
      case INT -> assertThat(Temporals.epochDay(value.textValue())).as(at).isEqualTo(datum);
      case DOUBLE -> assertThat(value.doubleValue()).as(at).isEqualTo(datum);
      case BOOLEAN -> assertThat(value.booleanValue()).as(at).isEqualTo(datum);
      case STRING -> {
        String text = datum.toString();
        if (!(value.isTextual() && value.textValue().equals(text))) {
          assertThat(ProtocolCodec.readTreeUnchecked(text)).as(at).isEqualTo(value);
        }
      }
      default -> fail("unexpected type at %s: %s", at, schema);
    }
  }

  /** Avro/Parquet datums as plain Java values (strings, sorted maps, lists) for comparison. */
  private static Object plain(Object value) {
    if (value instanceof GenericRecord record) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Schema.Field field : record.getSchema().getFields()) {
        out.put(field.name(), plain(record.get(field.name())));
      }
      return out;
    }
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put(k.toString(), plain(v)));
      return out;
    }
    if (value instanceof Collection<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("textFormats")
  void textFormatsReadBackAsTheInput(FileFormat format, AirbyteColumns columns) throws Exception {
    byte[] bytes = Samples.write(format, Samples.stream(columns), RECORDS);
    Compression compression = format instanceof FileFormat.Csv c ? c.compression()
        : ((FileFormat.Jsonl) format).compression();
    InputStream in = new ByteArrayInputStream(bytes);
    if (compression == Compression.GZIP) {
      assertThat(bytes[0]).isEqualTo((byte) 0x1f);
      in = new GZIPInputStream(in);
    }
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    if (format instanceof FileFormat.Jsonl jsonl) {
      assertJsonl(text, jsonl.flattening(), columns);
    } else {
      assertCsv(text, ((FileFormat.Csv) format).flattening(), columns);
    }
  }

  private static void assertJsonl(String text, Flattening flattening, AirbyteColumns columns) throws Exception {
    assertThat(text).endsWith("\n").doesNotContain("\u2028").doesNotContain("\r");
    String[] lines = text.split("\n");
    assertThat(lines).hasSize(RECORDS.size());
    for (int i = 0; i < lines.length; i++) {
      OutputRecord input = RECORDS.get(i);
      JsonNode line = ProtocolCodec.readTree(lines[i]);
      assertAirbyteColumns(line, input, columns);
      if (flattening == Flattening.NONE) {
        assertThat(line.get(AirbyteColumns.DATA)).isEqualTo(input.data());
      } else {
        for (Map.Entry<String, JsonNode> field : input.data().properties()) {
          String name = columns.columnNames().contains(field.getKey()) ? field.getKey() + "_1" : field.getKey();
          assertThat(line.get(name)).as(name).isEqualTo(field.getValue());
        }
        assertThat(line.size()).isEqualTo(columns.columnNames().size() + input.data().size());
      }
    }
  }

  private static void assertAirbyteColumns(JsonNode line, OutputRecord input, AirbyteColumns columns) {
    List<String> names = new ArrayList<>();
    line.fieldNames().forEachRemaining(names::add);
    assertThat(names.subList(0, columns.columnNames().size())).isEqualTo(columns.columnNames());
    assertThat(line.get(columns.idColumn()).textValue()).isEqualTo(input.rawId().toString());
    assertThat(line.get(columns.timestampColumn()).longValue()).isEqualTo(input.emittedAt());
    if (columns == AirbyteColumns.V2) {
      assertThat(line.get("_airbyte_generation_id").longValue()).isEqualTo(3L);
      assertThat(line.get("_airbyte_meta").get("sync_id").longValue()).isEqualTo(77L);
      assertThat(line.get("_airbyte_meta").get("changes").size())
          .isEqualTo(input.meta() == null ? 0 : input.meta().changes().size());
    }
  }

  private static void assertCsv(String text, Flattening flattening, AirbyteColumns columns) throws Exception {
    CSVFormat format = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.NON_NUMERIC).get();
    List<CSVRecord> rows;
    try (CSVParser parser = CSVParser.parse(new InputStreamReader(new ByteArrayInputStream(
        text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8), format)) {
      rows = parser.getRecords();
    }
    assertThat(rows).hasSize(RECORDS.size() + 1);
    List<String> header = rows.get(0).toList();
    assertThat(header.subList(0, columns.columnNames().size())).isEqualTo(columns.columnNames());
    for (int i = 0; i < RECORDS.size(); i++) {
      OutputRecord input = RECORDS.get(i);
      CSVRecord row = rows.get(i + 1);
      assertThat(row.size()).isEqualTo(header.size());
      assertThat(row.get(0)).isEqualTo(input.rawId().toString());
      assertThat(row.get(1)).isEqualTo(Long.toString(input.emittedAt()));
      if (columns == AirbyteColumns.V2) {
        assertThat(ProtocolCodec.readTree(row.get(2)).get("sync_id").longValue()).isEqualTo(77L);
        assertThat(row.get(3)).isEqualTo("3");
      }
      if (flattening == Flattening.NONE) {
        assertThat(header.get(header.size() - 1)).isEqualTo(AirbyteColumns.DATA);
        assertThat(ProtocolCodec.readTree(row.get(header.size() - 1))).isEqualTo(input.data());
        continue;
      }
      Map<String, JsonNode> undeclared = new TreeMap<>();
      input.data().properties().forEach(e -> undeclared.put(e.getKey(), e.getValue()));
      List<String> properties = new ArrayList<>();
      Samples.schema().get("properties").fieldNames().forEachRemaining(properties::add);
      properties.sort(null);
      int first = columns.columnNames().size();
      assertThat(header.subList(first, header.size() - 1)).hasSize(properties.size());
      for (int p = 0; p < properties.size(); p++) {
        String property = properties.get(p);
        JsonNode value = input.data().get(property);
        undeclared.remove(property);
        String cell = row.get(first + p);
        if (value == null || value.isNull()) {
          assertThat(cell).as(property).isNull();
        } else if (value.isTextual()) {
          assertThat(cell).as(property).isEqualTo(value.textValue());
        } else {
          assertThat(ProtocolCodec.readTree(cell)).as(property).isEqualTo(value);
        }
      }
      String extra = row.get(header.size() - 1);
      if (undeclared.isEmpty()) {
        assertThat(extra).isNull();
      } else {
        JsonNode kept = ProtocolCodec.readTree(extra);
        assertThat(kept.size()).isEqualTo(undeclared.size());
        undeclared.forEach((k, v) -> assertThat(kept.get(k)).isEqualTo(v));
      }
    }
  }
}
