package dev.awsconnectors.format.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.format.AirbyteColumns;
import dev.awsconnectors.format.FileFormat.Flattening;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.StreamSchema;
import dev.awsconnectors.format.compression.CompressingStream;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * One JSON object per line ({@code \n}): the Airbyte columns, then {@code _airbyte_data} as an object, or with
 * root-level flattening the data's top-level fields themselves. Every field of the data is kept, declared or not;
 * numbers keep their exact value. Without flattening, data that arrived as JSON text ({@link OutputRecord#dataJson()})
 * is copied as it is: member order, escapes and number spellings as the source wrote them.
 */
public final class JsonlFormatWriter implements FormatWriter {
  private static final ObjectMapper MAPPER = ProtocolCodec.mapper();

  private final CompressingStream out;
  private final LineSeparatorEscaping escaping;
  private final JsonGenerator gen;
  private final AirbyteColumns columns;
  private final boolean flatten;
  private final Set<String> reserved;
  private final Long generationId;
  private final Long syncId;
  private boolean finished;

  public JsonlFormatWriter(CompressingStream out, StreamSchema schema, Flattening flattening) throws IOException {
    this.out = out;
    this.columns = schema.columns();
    this.flatten = flattening == Flattening.ROOT_LEVEL;
    this.reserved = Set.copyOf(columns.columnNames());
    this.generationId = schema.generationId();
    this.syncId = schema.syncId();
    this.escaping = new LineSeparatorEscaping(out);
    this.gen = MAPPER.createGenerator(escaping);
    gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    gen.setRootValueSeparator(null);
  }

  @Override
  public void write(OutputRecord record) throws IOException {
    gen.writeStartObject();
    gen.writeStringField(columns.idColumn(), record.rawId().toString());
    gen.writeNumberField(columns.timestampColumn(), record.emittedAt());
    if (columns == AirbyteColumns.V2) {
      gen.writeFieldName("_airbyte_meta");
      MetaJson.write(gen, syncId, record.meta());
      gen.writeFieldName("_airbyte_generation_id");
      if (generationId == null) {
        gen.writeNull();
      } else {
        gen.writeNumber(generationId);
      }
    }
    if (!flatten) {
      gen.writeFieldName(AirbyteColumns.DATA);
      if (record.dataJson() != null) {
        gen.writeRawValue(new RawJson(record.dataJson())); // the object as the source wrote it, never parsed
      } else {
        writeValue(record.data());
      }
    } else {
      writeFlattened(record.data());
    }
    gen.writeEndObject();
    gen.writeRaw('\n');
  }

  private void writeFlattened(JsonNode data) throws IOException {
    if (data != null && data.isObject()) {
      for (Map.Entry<String, JsonNode> field : data.properties()) {
        gen.writeFieldName(FlatNames.avoiding(field.getKey(), reserved, data::has));
        writeValue(field.getValue());
      }
    } else if (data != null && !data.isNull()) {
      // Not an object (the protocol says it always is): nothing to merge, so keep it whole.
      gen.writeFieldName(AirbyteColumns.DATA);
      writeValue(data);
    }
  }

  private void writeValue(JsonNode value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else {
      MAPPER.writeTree(gen, value);
    }
  }

  @Override
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    gen.flush();
    escaping.drain();
    out.finish();
  }

  @Override
  public long bufferedBytes() {
    return finished ? 0 : gen.getOutputBuffered() + out.bufferedBytes();
  }

  @Override
  public long coercedValues() {
    return 0;
  }
}
