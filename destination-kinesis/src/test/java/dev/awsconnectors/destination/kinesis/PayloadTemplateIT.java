package dev.awsconnectors.destination.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Payload templates and the v2 envelope against kinesis-mock, read back from the stream; and, through the built jar,
 * a template mistake reported by {@code check} and by a {@code write}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PayloadTemplateIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  /** Hightouch's JSON editor example, written with the json filter. */
  static final String CONTACT_TEMPLATE = """
      {
        "name": {{ row.full_name | json }},
        "age": {{ row.age | json }},
        "contact_info": [
          {"type": "email", "value": {{ row.email | json }}}{% if row.phone %},
          {"type": "phone", "value": {{ row.phone | json }}}{% endif %}
        ]
      }""";

  private static String config(String extra) {
    return "{\"endpoint\":\"" + KINESIS.endpoint() + "\",\"region\":\"" + KINESIS.region() + "\",\"accessKey\":\""
        + KINESIS.accessKey() + "\",\"privateKey\":\"" + KINESIS.secretKey() + "\",\"shardCount\":1," + extra + "}";
  }

  private static String quoted(String text) {
    return ProtocolCodec.serialize(text);
  }

  private static List<Record> read(String stream) {
    return KINESIS.readAll(stream);
  }

  private static JsonNode json(Record r) {
    return ProtocolCodec.readTreeUnchecked(r.data().asString(StandardCharsets.UTF_8));
  }

  @Test
  void writesEachRecordAsItsRenderedJsonWithTheRenderedKey() throws Exception {
    String target = KinesisMockExtension.newStreamName("tmpl");
    var config = WriteHarness.config(config("\"target_stream\":\"" + target + "\",\"payload\":{\"mode\":\"template\","
        + "\"template\":" + quoted(CONTACT_TEMPLATE) + "},\"partition_key\":{\"mode\":\"template\","
        + "\"template\":\"{{ row.region }}/{{ row.age }}\"}"));
    try (WriteHarness h = new WriteHarness(new KinesisDestination(), config, WriteHarness.catalog("crm", "people"),
        s -> {})) {
      h.record("crm", "people", ProtocolCodec.readTreeUnchecked("""
          {"full_name":"Ada \\"The Countess\\" Lovelace","age":36,"email":"ada@example.com",
           "phone":"+44 20 7946 0000","region":"eu"}"""));
      h.record("crm", "people", ProtocolCodec.readTreeUnchecked("""
          {"full_name":"Zoë\\nO'Neil \\u2028 😀","age":41.50,"email":"zoe@example.com","phone":null}"""));
      h.streamState("crm", "people");
      h.finish();
      assertThat(h.states).hasSize(1);
    }
    Map<String, Record> byKey = new HashMap<>();
    read(target).forEach(rec -> byKey.put(rec.partitionKey(), rec));
    assertThat(byKey).containsOnlyKeys("eu/36", "/41.50");
    assertThat(byKey.get("eu/36").data().asString(StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"Ada \\\"The "
        + "Countess\\\" Lovelace\",\"age\":36,\"contact_info\":[{\"type\":\"email\",\"value\":\"ada@example.com\"},"
        + "{\"type\":\"phone\",\"value\":\"+44 20 7946 0000\"}]}");
    Record second = byKey.get("/41.50");
    assertThat(json(second).get("name").textValue()).isEqualTo("Zoë\nO'Neil \u2028 😀");
    assertThat(second.data().asString(StandardCharsets.UTF_8)).contains("\"age\":41.50");
    assertThat(json(second).get("contact_info")).hasSize(1);
  }

  @Test
  void envelopeV2CarriesTheCatalogsGenerationAndSyncId() throws Exception {
    String target = KinesisMockExtension.newStreamName("v2");
    var config = WriteHarness.config(config("\"target_stream\":\"" + target + "\","
        + "\"payload\":{\"mode\":\"envelope_v2\"}"));
    ObjectNode stream = Messages.configuredStream("shop", "orders", Messages.json("{\"type\":\"object\"}"),
        "incremental", "append");
    stream.put("generation_id", 4).put("minimum_generation_id", 0).put("sync_id", 99);
    ConfiguredAirbyteCatalog catalog = ProtocolCodec.convert(Messages.catalog(stream), ConfiguredAirbyteCatalog.class);
    try (WriteHarness h = new WriteHarness(new KinesisDestination(), config, catalog, s -> {})) {
      h.record("shop", "orders", ProtocolCodec.readTreeUnchecked("{\"id\":1,\"total\":9.90}"));
      h.finish();
    }
    JsonNode v2 = json(read(target).get(0));
    assertThat(v2.get("_airbyte_raw_id").asText()).hasSize(36);
    assertThat(v2.get("_airbyte_extracted_at").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(v2.get("_airbyte_generation_id").asLong()).isEqualTo(4);
    assertThat(v2.get("_airbyte_meta")).isEqualTo(ProtocolCodec.readTreeUnchecked("{\"sync_id\":99,\"changes\":[]}"));
    assertThat(v2.get("_airbyte_data")).isEqualTo(ProtocolCodec.readTreeUnchecked("{\"id\":1,\"total\":9.90}"));
  }

  @Test
  void checkReportsATemplateSyntaxErrorWithItsLineAndColumn() {
    ConnectorResult r = ConnectorProcess.ofModule("destination-kinesis").check(Messages.json(config(
        "\"payload\":{\"mode\":\"template\",\"template\":" + quoted("{\n  \"name\": {{ row.name | json }},\n"
            + "  \"age\": {{ row.age | jsn }}\n}") + "}")));
    assertThat(r.exitCode()).isZero();
    JsonNode status = r.connectionStatus();
    assertThat(status.get("status").asText()).isEqualTo("FAILED");
    assertThat(status.get("message").asText()).contains("'payload.template' is not a valid Liquid template: there is "
        + "no filter named 'jsn' (line 3, column 23)");
  }

  @Test
  void aWriteStopsAtARecordWhoseOutputIsNotJsonAfterStoringTheRecordsBefore() {
    String target = KinesisMockExtension.newStreamName("bad");
    ObjectNode config = Messages.json(config("\"target_stream\":\"" + target + "\",\"payload\":{\"mode\":\"template\","
        + "\"template\":" + quoted("{\"name\": \"{{ row.name }}\"}") + "}"));
    ObjectNode catalog = Messages.catalog(Messages.configuredStream(null, "people",
        Messages.json("{\"type\":\"object\"}"), "incremental", "append"));
    ConnectorResult r = ConnectorProcess.ofModule("destination-kinesis").write(config, catalog, List.of(
        Messages.record(null, "people", Messages.json("{\"name\":\"plain\"}"), 1L),
        Messages.streamState(null, "people", Messages.json("{\"cursor\":1}"), 1),
        Messages.record(null, "people", Messages.json("{\"name\":\"has \\\"quotes\\\"\"}"), 2L)));
    assertThat(r.exitCode()).as(r.stderr()).isNotZero();
    assertThat(r.states()).hasSize(1);
    JsonNode error = r.errors().get(0);
    assertThat(error.get("failure_type").asText()).isEqualTo("config_error");
    assertThat(error.get("message").asText()).contains("A record of stream 'people' rendered with "
        + "'payload.template' to text that is not JSON: ").contains("(line 1, column").contains("json filter");
    assertThat(read(target)).extracting(rec -> rec.data().asString(StandardCharsets.UTF_8))
        .containsExactly("{\"name\":\"plain\"}");
  }
}
