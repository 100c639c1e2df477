package dev.awsconnectors.source.kinesis.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.util.List;

/**
 * The JSON schema of the records of every stream: draft-07, no {@code $ref}/{@code allOf}/{@code not}, open to
 * additional properties, with the primary key and cursor fields declared as scalars.
 */
public final class EnvelopeSchema {
  /** The source-defined primary key. */
  public static final List<List<String>> PRIMARY_KEY = List.of(List.of(EnvelopeFields.MESSAGE_ID));
  /** The source-defined cursor. */
  public static final List<String> CURSOR = List.of(EnvelopeFields.APPROXIMATE_ARRIVAL_TIMESTAMP);

  private EnvelopeSchema() {}

  /** @param parseJson whether payloads may be parsed into the {@code data} object */
  public static ObjectNode of(boolean parseJson) {
    ObjectNode schema = ProtocolCodec.mapper().createObjectNode();
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    schema.put("type", "object");
    schema.put("additionalProperties", true);
    ObjectNode p = schema.putObject("properties");
    string(p, EnvelopeFields.MESSAGE_ID, "Unique id of the record: shard id, sequence number and sub-sequence number.");
    string(p, EnvelopeFields.SHARD_ID, "The shard the record was read from.");
    string(p, EnvelopeFields.SEQUENCE_NUMBER, "The Kinesis sequence number (a decimal integer as text; compare "
        + "as a number, not as text).");
    p.putObject(EnvelopeFields.SUB_SEQUENCE_NUMBER).put("type", "integer").put("description",
        "Position of the user record inside a KPL aggregated record; 0 for records that were not aggregated.");
    string(p, EnvelopeFields.PARTITION_KEY, "The partition key (of the user record, for KPL aggregates).");
    string(p, EnvelopeFields.APPROXIMATE_ARRIVAL_TIMESTAMP, "When Kinesis received the record (UTC).")
        .put("format", "date-time").put("airbyte_type", "timestamp_with_timezone");
    string(p, EnvelopeFields.EXPLICIT_HASH_KEY, "The explicit hash key of a KPL user record, when it has one.");
    if (parseJson) {
      ObjectNode data = p.putObject(EnvelopeFields.DATA);
      data.put("type", "object").put("additionalProperties", true).put("description",
          "The payload, when it is a JSON object.");
      data.putObject("properties");
      string(p, EnvelopeFields.DATA_BASE64, "The payload's bytes in base64, when it is not a JSON object.")
          .put("contentEncoding", "base64");
    } else {
      string(p, EnvelopeFields.DATA_BASE64, "The payload's bytes in base64.").put("contentEncoding", "base64");
    }
    schema.putArray("required").add(EnvelopeFields.MESSAGE_ID).add(EnvelopeFields.SHARD_ID)
        .add(EnvelopeFields.SEQUENCE_NUMBER).add(EnvelopeFields.SUB_SEQUENCE_NUMBER)
        .add(EnvelopeFields.PARTITION_KEY).add(EnvelopeFields.APPROXIMATE_ARRIVAL_TIMESTAMP);
    return schema;
  }

  private static ObjectNode string(ObjectNode properties, String name, String description) {
    return properties.putObject(name).put("type", "string").put("description", description);
  }
}
