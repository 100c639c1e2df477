package dev.awsconnectors.format.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.format.AirbyteColumns;
import dev.awsconnectors.format.FileFormat.Flattening;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.StreamSchema;
import dev.awsconnectors.format.compression.CompressingStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * CSV as Airbyte's destination-s3 writes it: RFC 4180 with a header row, {@code \r\n} line ends, every non-numeric
 * value quoted (commons-csv {@code QuoteMode.NON_NUMERIC}), a null as an empty unquoted field.
 *
 * <p>No flattening: the Airbyte columns then {@code _airbyte_data} as JSON text. Root-level flattening: the Airbyte
 * columns, the schema's top-level properties sorted by name (strings as text, numbers as written, objects and arrays
 * as JSON text), then {@code _airbyte_additional_properties}: the data fields the schema does not declare, as a JSON
 * object (empty when there are none).
 */
public final class CsvFormatWriter implements FormatWriter {
  static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.NON_NUMERIC).get();
  private static final byte DELIMITER = (byte) FORMAT.getDelimiterString().charAt(0);
  private static final byte QUOTE = (byte) FORMAT.getQuoteCharacter().charValue();
  private static final int BUFFER_SIZE = 64 * 1024;

  private final CompressingStream out;
  private final Utf8Sink sink;
  private static final int KEEP_LINE = 1024 * 1024;
  private final StringBuilder line = new StringBuilder(1024);
  /** {@code _airbyte_meta} of records without upstream changes: the same text every time. */
  private final String emptyMeta;
  private final CSVPrinter printer;
  private final AirbyteColumns columns;
  private final boolean flatten;
  /** The data property behind each flattened column, in header order. */
  private final List<String> properties;
  private final Set<String> declared;
  private final Long generationId;
  private final Long syncId;
  private final List<Object> row = new ArrayList<>();
  /** Writes {@code _airbyte_data}'s JSON into the sink with its quotes doubled (no flattening). */
  private final JsonGenerator dataJson;
  private final QuoteDoubling quoteDoubling;
  private boolean finished;

  public CsvFormatWriter(CompressingStream out, StreamSchema schema, Flattening flattening,
      List<String> topLevelProperties) throws IOException {
    this.out = out;
    this.sink = new Utf8Sink(out, BUFFER_SIZE);
    this.columns = schema.columns();
    this.flatten = flattening == Flattening.ROOT_LEVEL;
    this.generationId = schema.generationId();
    this.syncId = schema.syncId();
    this.printer = new CSVPrinter(line, FORMAT);
    this.emptyMeta = metaJson(null);
    this.properties = flatten ? topLevelProperties.stream().sorted().distinct().toList() : List.of();
    this.declared = Set.copyOf(properties);
    this.quoteDoubling = new QuoteDoubling(sink);
    this.dataJson = ProtocolCodec.mapper().createGenerator(quoteDoubling);
    dataJson.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    dataJson.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    dataJson.setRootValueSeparator(null);
    // A character outside the BMP as its 4 UTF-8 bytes, as String.getBytes writes it (not as two escaped surrogates).
    dataJson.enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8.mappedFeature());
    printer.printRecord(header(columns, flatten, properties));
    emitLine();
  }

  /** The header row for these settings. */
  public static List<String> header(AirbyteColumns columns, boolean flatten, List<String> sortedProperties) {
    List<String> header = new ArrayList<>(columns.columnNames());
    if (!flatten) {
      header.add(AirbyteColumns.DATA);
      return header;
    }
    Set<String> reserved = new HashSet<>(columns.columnNames());
    reserved.add(AirbyteColumns.ADDITIONAL_PROPERTIES);
    Set<String> names = Set.copyOf(sortedProperties);
    for (String property : sortedProperties) {
      header.add(FlatNames.avoiding(property, reserved, names::contains));
    }
    header.add(AirbyteColumns.ADDITIONAL_PROPERTIES);
    return header;
  }

  @Override
  public void write(OutputRecord record) throws IOException {
    row.clear();
    row.add(record.rawId().toString());
    row.add(record.emittedAt());
    if (columns == AirbyteColumns.V2) {
      boolean noChanges = record.meta() == null || record.meta().changes() == null
          || record.meta().changes().isEmpty();
      row.add(noChanges ? emptyMeta : metaJson(record.meta()));
      row.add(generationId);
    }
    if (!flatten) {
      for (Object cell : row) {
        printer.print(cell);
      }
      byte[] json = record.dataJson();
      JsonNode data = json == null ? record.data() : null;
      if (json == null && data == null) {
        printer.print(null);
      } else {
        writeJsonCell(json, data);
      }
      printer.println();
    } else {
      JsonNode data = record.data();
      for (String property : properties) {
        row.add(cell(data == null ? null : data.get(property)));
      }
      row.add(additional(data));
      printer.printRecord(row);
    }
    emitLine();
  }

  /**
   * The {@code _airbyte_data} cell: the same bytes as the printer writes for the JSON text (a delimiter, then the text
   * quoted with every quote doubled), but encoded by Jackson's UTF-8 generator straight into the sink, without the
   * intermediate string and the printer's and the sink's passes over its characters (most of a row). Data given as
   * JSON text ({@code json}, not null) is copied as the source wrote it; else {@code data} is encoded.
   */
  private void writeJsonCell(byte[] json, JsonNode data) throws IOException {
    sink.append(line); // the cells before it
    line.setLength(0);
    sink.write(DELIMITER);
    sink.write(QUOTE);
    if (json != null) {
      quoteDoubling.write(json, 0, json.length);
    } else {
      ProtocolCodec.mapper().writeTree(dataJson, data);
      dataJson.flush();
    }
    sink.write(QUOTE);
  }

  private String metaJson(AirbyteRecordMessageMeta upstream) throws IOException {
    StringWriter meta = new StringWriter(64);
    try (var gen = ProtocolCodec.mapper().createGenerator(meta)) {
      MetaJson.write(gen, syncId, upstream);
    }
    return meta.toString();
  }

  private String additional(JsonNode data) {
    if (data == null || !data.isObject()) {
      return data == null || data.isNull() ? null : ProtocolCodec.serialize(data);
    }
    ObjectNode extra = null;
    for (Map.Entry<String, JsonNode> field : data.properties()) {
      if (!declared.contains(field.getKey())) {
        if (extra == null) {
          extra = ProtocolCodec.mapper().createObjectNode();
        }
        extra.set(field.getKey(), field.getValue());
      }
    }
    return extra == null ? null : ProtocolCodec.serialize(extra);
  }

  /** Strings as text, numbers unquoted as written, booleans as {@code true}/{@code false}, the rest as JSON. */
  private static Object cell(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber()) {
      return value.numberValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "true" : "false";
    }
    return ProtocolCodec.serialize(value);
  }

  private void emitLine() throws IOException {
    sink.append(line);
    line.setLength(0);
    if (line.capacity() > KEEP_LINE) {
      line.trimToSize(); // one huge record does not keep its buffer
    }
  }

  @Override
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    sink.drain();
    out.finish();
  }

  @Override
  public long bufferedBytes() {
    return finished ? 0 : sink.buffered() + out.bufferedBytes();
  }

  @Override
  public long coercedValues() {
    return 0;
  }

  /** UTF-8 bytes into the sink with every quote doubled ('"' is never part of a multi-byte UTF-8 sequence). */
  private static final class QuoteDoubling extends OutputStream {
    private final Utf8Sink sink;

    QuoteDoubling(Utf8Sink sink) {
      this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int start = off;
      int end = off + len;
      for (int i = off; i < end; i++) {
        if (b[i] == QUOTE) {
          sink.write(b, start, i + 1 - start); // up to and including the quote, which starts the next run again
          start = i;
        }
      }
      sink.write(b, start, end - start);
    }
  }
}
