package dev.awsconnectors.source.kinesis.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.source.kinesis.config.RecordLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON schema of a stream's records: draft-07, no {@code $ref}/{@code allOf}/{@code not}, open to additional
 * properties, the metadata fields named by the {@link RecordShape}, the primary key and cursor fields declared as
 * scalars, and the payload as its schema says (inferred at discover or given by the user) or, without one, as an
 * object of any fields.
 */
public final class EnvelopeSchema {
  /** The source-defined primary key of the nested layout. */
  public static final List<List<String>> PRIMARY_KEY = List.of(List.of(EnvelopeFields.MESSAGE_ID));
  /** The source-defined cursor of the nested layout. */
  public static final List<String> CURSOR = List.of(EnvelopeFields.APPROXIMATE_ARRIVAL_TIMESTAMP);

  private EnvelopeSchema() {}

  /** The nested layout's schema without a payload schema. */
  public static ObjectNode of(boolean parseJson) {
    return of(new RecordShape(parseJson, RecordLayout.NESTED), Optional.empty());
  }

  /**
   * @param payload the payload's schema, an object schema; ignored when payloads are not parsed. Without one, the
   *     payload is declared as an object of any fields (nested) or not declared at all (flattened).
   */
  public static ObjectNode of(RecordShape shape, Optional<ObjectNode> payload) {
    ObjectNode schema = ProtocolCodec.mapper().createObjectNode();
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    schema.put("type", "object");
    schema.put("additionalProperties", true);
    ObjectNode p = schema.putObject("properties");
    boolean flattened = shape.layout() == RecordLayout.FLATTENED;
    if (shape.parseJson() && flattened) {
      payload.ifPresent(s -> flattenInto(p, s)); // first, as in the records: the payload is what users look at
    }
    string(p, shape, EnvelopeFields.MESSAGE_ID, "Unique id of the record: shard id, sequence number and "
        + "sub-sequence number.");
    string(p, shape, EnvelopeFields.SHARD_ID, "The shard the record was read from.");
    string(p, shape, EnvelopeFields.SEQUENCE_NUMBER, "The Kinesis sequence number (a decimal integer as text; "
        + "compare as a number, not as text).");
    p.putObject(shape.metadata(EnvelopeFields.SUB_SEQUENCE_NUMBER)).put("type", "integer").put("description",
        "Position of the user record inside a KPL aggregated record; 0 for records that were not aggregated.");
    string(p, shape, EnvelopeFields.PARTITION_KEY, "The partition key (of the user record, for KPL aggregates).");
    string(p, shape, EnvelopeFields.APPROXIMATE_ARRIVAL_TIMESTAMP, "When Kinesis received the record (UTC).")
        .put("format", "date-time").put("airbyte_type", "timestamp_with_timezone");
    string(p, shape, EnvelopeFields.EXPLICIT_HASH_KEY, "The explicit hash key of a KPL user record, when it has "
        + "one.");
    if (shape.parseJson()) {
      if (!flattened) {
        ObjectNode data = payload.map(ObjectNode::deepCopy).orElseGet(EnvelopeSchema::anyObject);
        data.put("description", "The payload, when it is a JSON object.");
        p.set(EnvelopeFields.DATA, data);
      }
      string(p, shape, EnvelopeFields.DATA_BASE64, "The payload's bytes in base64, when it is not a JSON object.")
          .put("contentEncoding", "base64");
    } else {
      string(p, shape, EnvelopeFields.DATA_BASE64, "The payload's bytes in base64.").put("contentEncoding", "base64");
    }
    schema.putArray("required").add(shape.metadata(EnvelopeFields.MESSAGE_ID))
        .add(shape.metadata(EnvelopeFields.SHARD_ID)).add(shape.metadata(EnvelopeFields.SEQUENCE_NUMBER))
        .add(shape.metadata(EnvelopeFields.SUB_SEQUENCE_NUMBER)).add(shape.metadata(EnvelopeFields.PARTITION_KEY))
        .add(shape.metadata(EnvelopeFields.APPROXIMATE_ARRIVAL_TIMESTAMP));
    return schema;
  }

  /** The payload's top-level properties, renamed as the mapper renames them; its {@code required} is dropped. */
  private static void flattenInto(ObjectNode properties, ObjectNode payload) {
    JsonNode fields = payload.get("properties");
    if (fields == null || !fields.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      properties.set(RecordShape.flattenedPayloadField(field.getKey()), field.getValue().deepCopy());
    }
  }

  private static ObjectNode anyObject() {
    ObjectNode data = ProtocolCodec.mapper().createObjectNode();
    data.put("type", "object").put("additionalProperties", true);
    data.putObject("properties");
    return data;
  }

  private static ObjectNode string(ObjectNode properties, RecordShape shape, String name, String description) {
    return properties.putObject(shape.metadata(name)).put("type", "string").put("description", description);
  }
}
