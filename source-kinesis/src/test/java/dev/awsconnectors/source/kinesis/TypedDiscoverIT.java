package dev.awsconnectors.source.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.awsconnectors.source.kinesis.schema.SchemaConformance;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Discover on kinesis-mock: the inferred payload schema, a user's schema, flattened records, untouched positions. */
@Timeout(120)
class TypedDiscoverIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  private static final List<String> TYPED = List.of(
      "{\"id\":1,\"price\":12.50,\"at\":\"2024-05-01T10:00:00Z\",\"day\":\"2024-05-01\",\"ok\":true,\"tags\":[\"a\"],"
          + "\"address\":{\"city\":\"Lyon\",\"zip\":\"69001\"},\"big\":123456789012345678901234567890,\"note\":null}",
      "{\"id\":2,\"price\":3,\"at\":\"2024-05-02T11:30:00.250+02:00\",\"day\":\"2024-05-02\",\"ok\":false,\"tags\":[],"
          + "\"address\":{\"city\":\"Porto\"},\"big\":1,\"note\":\"x\",\"mixed\":1}",
      "{\"id\":3,\"price\":0.1,\"at\":\"2024-05-03T00:00:00Z\",\"day\":\"2024-05-03\",\"ok\":true,\"tags\":[\"b\",\"c\"],"
          + "\"address\":{\"city\":\"Osaka\",\"zip\":\"530\"},\"big\":-5,\"note\":\"y\",\"mixed\":\"one\","
          + "\"_kinesis_shard_id\":\"payload's own\"}",
      "not a JSON object");

  private static final String EXPECTED_PAYLOAD_PROPERTIES = "{"
      + "\"id\":{\"type\":\"integer\"},"
      + "\"price\":{\"type\":\"number\"},"
      + "\"at\":{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_with_timezone\"},"
      + "\"day\":{\"type\":\"string\",\"format\":\"date\"},"
      + "\"ok\":{\"type\":\"boolean\"},"
      + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
      + "\"address\":{\"type\":\"object\",\"additionalProperties\":true,\"properties\":{\"city\":{\"type\":\"string\"},"
      + "\"zip\":{\"type\":[\"null\",\"string\"]}}},"
      + "\"big\":{\"type\":\"number\",\"airbyte_type\":\"big_integer\"},"
      + "\"note\":{\"type\":[\"null\",\"string\"]},"
      + "\"mixed\":{\"type\":[\"null\",\"integer\",\"string\"]},"
      + "\"_kinesis_payload__kinesis_shard_id\":{\"type\":[\"null\",\"string\"]}}";

  private final KinesisSource source = new KinesisSource();

  private static String typedStream(String prefix, int shards) {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName(prefix), shards);
    List<byte[]> payloads = new ArrayList<>();
    TYPED.forEach(p -> payloads.add(p.getBytes(StandardCharsets.UTF_8)));
    new KinesisWriter(KINESIS.client(), stream).writeRaw(payloads, "one-key");
    return stream;
  }

  private static ObjectNode config(String stream) {
    return SourceHarness.config(KINESIS, stream).put("record_layout", "flattened");
  }

  private JsonNode discoveredSchema(ObjectNode config) {
    return source.discover(SourceHarness.parse(source, config)).streams().get(0).jsonSchema();
  }

  /** The declared properties that are not Kinesis metadata. */
  private static ObjectNode payloadProperties(JsonNode schema) {
    ObjectNode out = Messages.object();
    for (Map.Entry<String, JsonNode> p : schema.get("properties").properties()) {
      if (!p.getKey().startsWith("_kinesis_") || p.getKey().startsWith("_kinesis_payload_")) {
        out.set(p.getKey(), p.getValue());
      }
    }
    return out;
  }

  @Test
  void discoverOfAStreamWithTypedPayloadsDeclaresTheirTypes() {
    String stream = typedStream("typed", 3);
    JsonNode schema = discoveredSchema(config(stream));
    assertThat(payloadProperties(schema).toString()).isEqualTo(EXPECTED_PAYLOAD_PROPERTIES);
    assertThat(schema.at("/properties/_kinesis_data_base64/type").asText()).isEqualTo("string");
    assertThat(schema.get("additionalProperties").asBoolean()).isTrue();
    JsonNode nested = discoveredSchema(config(stream).put("record_layout", "nested"));
    assertThat(nested.at("/properties/data/properties").toString()).isEqualTo(EXPECTED_PAYLOAD_PROPERTIES
        .replace("_kinesis_payload__kinesis_shard_id", "_kinesis_shard_id"));
  }

  @Test
  void aSchemaGivenByTheUserReplacesTheInferredOne() {
    String stream = typedStream("user", 1);
    String given = "{\"id\":\"integer\",\"price\":\"number\",\"at\":\"date-time\"}";
    ObjectNode config = config(stream).put("stream_schemas", "{\"" + stream + "\":" + given + "}");
    assertThat(payloadProperties(discoveredSchema(config)).toString()).isEqualTo("{\"id\":{\"type\":[\"null\","
        + "\"integer\"]},\"price\":{\"type\":[\"null\",\"number\"]},\"at\":{\"type\":[\"null\",\"string\"],"
        + "\"format\":\"date-time\",\"airbyte_type\":\"timestamp_with_timezone\"}}");
  }

  @Test
  void flattenedRecordsValidateAgainstTheDiscoveredSchema() throws Exception {
    String stream = typedStream("valid", 2);
    ObjectNode config = config(stream);
    JsonNode schema = discoveredSchema(config);
    CollectingOutput run = SourceHarness.read(config, catalog(stream, schema, "full_refresh"), null);
    List<JsonNode> records = run.records();
    assertThat(records).hasSize(TYPED.size());
    JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
        .getSchema(schema, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    SchemaConformance strict = SchemaConformance.of(schema);
    for (JsonNode record : records) {
      assertThat(validator.validate(record)).as(record.toString()).isEmpty();
      assertThat(strict.mismatch(record)).as(record.toString()).isEmpty();
    }
    assertThat(records.get(0).get("price").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(records.get(0).get("address").get("city").asText()).isEqualTo("Lyon");
    assertThat(records.get(0).get("big").bigIntegerValue().toString()).isEqualTo("123456789012345678901234567890");
    assertThat(records.get(2).get("_kinesis_payload__kinesis_shard_id").asText()).isEqualTo("payload's own");
    assertThat(records.get(2).get("_kinesis_shard_id").asText()).startsWith("shardId-");
    assertThat(records.get(3).get("_kinesis_data_base64").asText()).isNotEmpty();
    assertThat(run.ofType("LOG").toString()).doesNotContain("did not match the schema");
  }

  @Test
  void discoverLeavesTheNextReadsPositionsUntouched() throws Exception {
    String stream = typedStream("positions", 2);
    ObjectNode config = config(stream);
    JsonNode schema = discoveredSchema(config);
    JsonNode catalog = catalog(stream, schema, "incremental");
    CollectingOutput first = SourceHarness.read(config, catalog, null);
    assertThat(first.records()).hasSize(TYPED.size());
    JsonNode state = first.lastStatesArray();

    new KinesisWriter(KINESIS.client(), stream).writeRaw(List.of("{\"id\":10}".getBytes(StandardCharsets.UTF_8),
        "{\"id\":11}".getBytes(StandardCharsets.UTF_8)), "other-key");
    JsonNode again = discoveredSchema(config);
    assertThat(payloadProperties(again).get("id").toString()).isEqualTo("{\"type\":\"integer\"}");

    CollectingOutput second = SourceHarness.read(config, catalog, state);
    assertThat(second.records()).extracting(r -> r.get("id").asInt()).containsExactlyInAnyOrder(10, 11);
  }

  private static JsonNode catalog(String stream, JsonNode schema, String syncMode) {
    ObjectNode configured = Messages.configuredStream(null, stream, schema, syncMode, "append");
    if (syncMode.equals("incremental")) {
      configured.putArray("cursor_field").add("_kinesis_approximate_arrival_timestamp");
    }
    return Messages.catalog(configured);
  }
}
