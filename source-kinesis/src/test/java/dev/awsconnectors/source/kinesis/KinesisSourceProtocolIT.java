package dev.awsconnectors.source.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.SpecRules;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built jar driven as a process, as the platform and the acceptance tests run it: spec, check, discover and read
 * with the checks of protocol.md §16 and §18 (H1, H3, H11-H14). Every stdout line must be a valid protocol message.
 */
class KinesisSourceProtocolIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  private static final String SECRET = "not-a-real-secret-but-never-printed-9f3c";

  private static ConnectorProcess jar() {
    return ConnectorProcess.ofModule("source-kinesis");
  }

  private static ObjectNode config(String stream) {
    return SourceHarness.config(KINESIS, stream).put("secret_access_key", SECRET);
  }

  @Test
  void specIsTheCheckedInSpecAndPassesTheSpecRules() throws Exception {
    ConnectorResult result = jar().spec();
    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<JsonNode> specs = result.ofType("SPEC");
    assertThat(specs).hasSize(1);
    JsonNode spec = specs.get(0).get("spec");
    assertThat(SpecRules.violations(spec.get("connectionSpecification"))).isEmpty();
    try (InputStream in = KinesisSource.class.getResourceAsStream("spec.json")) {
      assertThat(spec).isEqualTo(ProtocolCodec.mapper().readTree(in));
    }
  }

  @Test
  void checkSaysWhichStreamIsMissing() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("check"), 1);
    ConnectorResult ok = jar().check(config(stream));
    assertThat(ok.connectionStatus().get("status").asText()).as(ok.toString()).isEqualTo("SUCCEEDED");

    ObjectNode missing = config(stream);
    ((ArrayNode) missing.get("streams")).add("no-such-stream-x1");
    ConnectorResult failed = jar().check(missing);
    assertThat(failed.exitCode()).isZero();
    assertThat(failed.connectionStatus().get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.connectionStatus().get("message").asText()).contains("no-such-stream-x1")
        .doesNotContain("'" + stream + "'");

    ConnectorResult invalid = jar().check(config(stream).put("records_per_call", 0)
        .put("start_position", "AT_TIMESTAMP"));
    assertThat(invalid.connectionStatus().get("status").asText()).isEqualTo("FAILED");
    assertThat(invalid.connectionStatus().get("message").asText()).contains("records_per_call");
    assertThat(ok.stdout() + failed.stdout() + invalid.stdout()).doesNotContain(SECRET);
  }

  @Test
  void discoverPassesTheAcceptanceChecklist() {
    String a = KINESIS.createStream(KinesisMockExtension.newStreamName("disc-a"), 1);
    String b = KINESIS.createStream(KinesisMockExtension.newStreamName("disc-b"), 2);
    for (boolean parseJson : new boolean[] {true, false}) {
      ObjectNode config = config(a).put("parse_json", parseJson);
      ((ArrayNode) config.get("streams")).add(b);
      ConnectorResult result = jar().discover(config);
      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(CatalogRules.discoveryViolations(result.ofType("CATALOG"))).isEmpty();
      JsonNode streams = result.ofType("CATALOG").get(0).at("/catalog/streams");
      assertThat(streams).hasSize(2);
      for (JsonNode s : streams) {
        assertThat(s.get("supported_sync_modes")).hasSize(2);
        assertThat(s.get("source_defined_cursor").asBoolean()).isTrue();
        assertThat(s.has("namespace")).isFalse();
      }
    }
    ObjectNode all = config(a);
    all.remove("streams");
    ConnectorResult everyStream = jar().discover(all);
    List<String> names = new ArrayList<>();
    everyStream.ofType("CATALOG").get(0).at("/catalog/streams").forEach(s -> names.add(s.get("name").asText()));
    assertThat(names).contains(a, b);
  }

  @Test
  void discoverOfAnUnknownStreamIsAConfigError() {
    ConnectorResult result = jar().discover(config("missing-stream-x2"));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).get("failure_type").asText()).isEqualTo("config_error");
    assertThat(result.errors().get(0).get("message").asText()).contains("missing-stream-x2");
  }

  @Test
  void readWithAnInvalidCatalogEmitsATraceError() {
    ObjectNode catalog = Messages.json("{\"streams\":[{\"stream\":{\"name\":\"__AIRBYTE__stream_that_does_not_exist\","
        + "\"json_schema\":{\"type\":\"object\",\"properties\":{\"f1\":{\"type\":\"string\"}}},"
        + "\"supported_sync_modes\":[\"full_refresh\"]},\"sync_mode\":\"INVALID\","
        + "\"destination_sync_mode\":\"INVALID\"}]}");
    ConnectorResult result = jar().read(config("whatever"), catalog, null);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errors()).isNotEmpty();
    assertThat(result.errors().get(0).get("message").asText()).isNotBlank();
  }

  @Test
  void readOfAStreamMissingFromKinesisIsAConfigErrorWithIncompleteStatus() {
    ConnectorResult result = jar().read(config("gone-stream-x3"), SourceHarness.catalog("incremental",
        "gone-stream-x3"), null);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errors().get(0).get("failure_type").asText()).isEqualTo("config_error");
    assertThat(statuses(result, "gone-stream-x3")).containsExactly("STARTED", "INCOMPLETE");
  }

  @Test
  void twoFullRefreshReadsHaveIncreasingEmittedAtAndRecordsMatchTheSchema() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("fr"), 2);
    new KinesisWriter(KINESIS.client(), stream).write(120, 8, "x");
    JsonNode schema = jar().discover(config(stream)).ofType("CATALOG").get(0).at("/catalog/streams/0/json_schema");
    JsonNode catalog = SourceHarness.catalog("full_refresh", stream);

    ConnectorResult first = jar().read(config(stream), catalog, null);
    ConnectorResult second = jar().read(config(stream), catalog, null);
    for (ConnectorResult r : List.of(first, second)) {
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.records()).hasSize(120);
      assertThat(statuses(r, stream)).containsExactly("STARTED", "RUNNING", "COMPLETE");
      assertThat(r.states()).isNotEmpty().allSatisfy(s -> {
        assertThat(s.get("type").asText()).isEqualTo("STREAM");
        assertThat(s.at("/sourceStats/recordCount").isNumber()).isTrue();
      });
      for (JsonNode record : r.records()) {
        assertThat(CatalogRules.recordViolations(schema, record.get("data"))).isEmpty();
        assertThat(record.has("namespace")).isFalse();
      }
    }
    long lastOfFirst = first.records().stream().mapToLong(r -> r.get("emitted_at").asLong()).max().orElseThrow();
    long firstOfSecond = second.records().stream().mapToLong(r -> r.get("emitted_at").asLong()).min().orElseThrow();
    assertThat(firstOfSecond).isGreaterThan(lastOfFirst);
    assertThat(first.stdout() + second.stdout()).doesNotContain(SECRET);
  }

  @Test
  void stateRoundTripInTheArrayFormReturnsExactlyTheRecordsWrittenInBetween() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("rt"), 3);
    KinesisWriter writer = new KinesisWriter(KINESIS.client(), stream);
    writer.write(150, 12, "before");
    JsonNode catalog = SourceHarness.catalog("incremental", stream);
    ConnectorResult first = jar().read(config(stream), catalog, null);
    assertThat(first.records()).hasSize(150);

    List<JsonNode> between = writer.write(90, 12, "between");
    JsonNode state = StateRuleChecker.lastStatesArray(first.states());
    assertThat(state.get(0).at("/stream/stream_descriptor").has("namespace")).isFalse();
    ConnectorResult second = jar().read(config(stream), catalog, state);
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.records().stream().map(r -> r.at("/data/data")).toList())
        .containsExactlyInAnyOrderElementsOf(between);
  }

  @Test
  void rereadingFromAnIntermediateStateReturnsAtLeastTheRecordsThatFollowedIt() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("slices"), 2);
    new KinesisWriter(KINESIS.client(), stream).write(200, 10, "x");
    JsonNode catalog = SourceHarness.catalog("incremental", stream);
    ObjectNode config = config(stream).put("checkpoint_every_records", 30);
    ConnectorResult full = jar().read(config, catalog, null);
    List<JsonNode> states = full.states();
    assertThat(states.stream().map(s -> s.at("/stream/stream_state")).distinct().count())
        .isGreaterThanOrEqualTo(3);

    int middle = states.size() / 2;
    long after = 0;
    for (int i = middle + 1; i < states.size(); i++) {
      after += states.get(i).at("/sourceStats/recordCount").asLong();
    }
    assertThat(after).isPositive();
    ConnectorResult slice = jar().read(config, catalog, StateRuleChecker.lastStatesArray(states.subList(0,
        middle + 1)));
    assertThat(slice.exitCode()).isZero();
    assertThat((long) slice.records().size()).isGreaterThanOrEqualTo(after);
  }

  @Test
  void aFutureStateYieldsNoRecordsAndAState() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("future"), 2);
    new KinesisWriter(KINESIS.client(), stream).write(60, 6, "x");
    ObjectNode shards = Messages.object();
    String future = "9".repeat(60);
    shards.put("shardId-000000000000", future);
    shards.putObject("shardId-000000000001").put("sequence_number", future);
    shards.putObject("shardId-000000000077").put("sequence_number", future);
    ObjectNode streamState = Messages.object().put("format_version", 1);
    streamState.set("shards", shards);
    JsonNode state = stateArray(stream, streamState);

    ConnectorResult result = jar().read(config(stream), SourceHarness.catalog("incremental", stream), state);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.records()).isEmpty();
    assertThat(result.states()).isNotEmpty();
    JsonNode saved = result.states().get(result.states().size() - 1).at("/stream/stream_state/shards");
    assertThat(saved.at("/shardId-000000000000/sequence_number").asText()).isEqualTo(future);
    assertThat(saved.has("shardId-000000000077")).isFalse();
  }

  @Test
  void aStateThatIsNotOursIsAConfigErrorNamingTheStream() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("garbage"), 1);
    for (JsonNode garbage : List.of(ProtocolCodec.mapper().getNodeFactory().textNode("garbage"),
        Messages.json("{\"shards\": 5}"), Messages.json("{\"shards\": {\"shardId-000000000000\": {\"sequence_number\": "
            + "\"12ab\"}}}"))) {
      ConnectorResult result = jar().read(config(stream), SourceHarness.catalog("incremental", stream),
          stateArray(stream, garbage));
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.errors()).hasSize(1);
      assertThat(result.errors().get(0).get("failure_type").asText()).isEqualTo("config_error");
      assertThat(result.errors().get(0).get("message").asText()).contains(stream);
    }
  }

  @Test
  void aLegacyStateObjectMapsStreamNamesToTheirStates() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("legacy"), 1);
    KinesisWriter writer = new KinesisWriter(KINESIS.client(), stream);
    writer.write(40, 4, "old");
    JsonNode catalog = SourceHarness.catalog("incremental", stream);
    ConnectorResult first = jar().read(config(stream), catalog, null);
    List<JsonNode> fresh = writer.write(25, 4, "new");
    ObjectNode legacy = Messages.object();
    legacy.set(stream, first.states().get(first.states().size() - 1).at("/stream/stream_state"));

    ConnectorResult second = jar().read(config(stream), catalog, legacy);
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.records().stream().map(r -> r.at("/data/data")).toList())
        .containsExactlyInAnyOrderElementsOf(fresh);
  }

  private static JsonNode stateArray(String stream, JsonNode streamState) {
    ArrayNode array = ProtocolCodec.mapper().createArrayNode();
    ObjectNode s = array.addObject().put("type", "STREAM");
    ObjectNode inner = s.putObject("stream");
    inner.putObject("stream_descriptor").put("name", stream);
    inner.set("stream_state", streamState);
    return array;
  }

  private static List<String> statuses(ConnectorResult result, String stream) {
    return result.streamStatuses().stream().filter(s -> stream.equals(s.at("/stream_descriptor/name").asText()))
        .map(s -> s.get("status").asText()).toList();
  }
}
