package dev.awsconnectors.format.text;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange;
import java.io.IOException;

/** Writes {@code _airbyte_meta} as JSON: {@code {"sync_id": n, "changes": [{"field","change","reason"}...]}}. */
final class MetaJson {
  private MetaJson() {}

  static void write(JsonGenerator gen, Long syncId, AirbyteRecordMessageMeta upstream) throws IOException {
    gen.writeStartObject();
    gen.writeFieldName("sync_id");
    if (syncId == null) {
      gen.writeNull();
    } else {
      gen.writeNumber(syncId);
    }
    gen.writeArrayFieldStart("changes");
    if (upstream != null && upstream.changes() != null) {
      for (AirbyteRecordMessageMetaChange change : upstream.changes()) {
        gen.writeStartObject();
        gen.writeStringField("field", change.field());
        gen.writeStringField("change", change.change() == null ? null : change.change().name());
        gen.writeStringField("reason", change.reason() == null ? null : change.reason().name());
        gen.writeEndObject();
      }
    }
    gen.writeEndArray();
    gen.writeEndObject();
  }
}
