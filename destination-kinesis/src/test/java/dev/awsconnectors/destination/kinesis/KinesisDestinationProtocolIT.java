package dev.awsconnectors.destination.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.SpecRules;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * The built jar as a process, as the platform runs it: spec, check with good and bad credentials, and writes shaped
 * like Airbyte's destination acceptance test (several streams and namespaces, odd names, line breaks and unicode,
 * hundreds of states, LEGACY states without type, GLOBAL states without stream_states, traces in the input).
 */
class KinesisDestinationProtocolIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();
  private static final String SECRET = "s3cr3t-Pr1vate-K3y-value";
  private static final AtomicInteger RUN = new AtomicInteger();

  private final ConnectorProcess jar = ConnectorProcess.ofModule("destination-kinesis");

  private static ObjectNode config(String extra) {
    return Messages.json("{\"endpoint\":\"" + KINESIS.endpoint() + "\",\"region\":\"" + KINESIS.region()
        + "\",\"accessKey\":\"" + KINESIS.accessKey() + "\",\"privateKey\":\"" + SECRET + "\",\"shardCount\":2,"
        + "\"bufferSize\":100" + (extra.isEmpty() ? "" : "," + extra) + "}");
  }

  @Test
  void specIsTheCheckedInSpecAndPassesTheAcceptanceRules() throws Exception {
    ConnectorResult r = jar.spec();
    assertThat(r.exitCode()).isZero();
    List<JsonNode> specs = r.ofType("SPEC");
    assertThat(specs).hasSize(1);
    try (InputStream in = KinesisDestination.class.getResourceAsStream("spec.json")) {
      JsonNode checkedIn = ProtocolCodec.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(specs.get(0).get("spec")).isEqualTo(checkedIn);
    }
    assertThat(SpecRules.violations(specs.get(0).at("/spec/connectionSpecification"))).isEmpty();
  }

  @Test
  void checkSucceedsWithWorkingCredentials() {
    ConnectorResult r = jar.check(config(""));
    assertThat(r.exitCode()).isZero();
    assertThat(r.connectionStatus().get("status").asText()).as(r.toString()).isEqualTo("SUCCEEDED");
    assertThat(r.stdout()).doesNotContain(SECRET);
  }

  @Test
  void checkFailsClearlyWhenAwsRejectsTheCredentials() throws Exception {
    try (FakeKinesisEndpoint rejecting = FakeKinesisEndpoint.rejectingCredentials()) {
      ObjectNode config = Messages.json("{\"endpoint\":\"" + rejecting.endpoint() + "\",\"region\":\"us-east-1\","
          + "\"accessKey\":\"AKIAWRONG\",\"privateKey\":\"" + SECRET + "\",\"shardCount\":1,\"bufferSize\":100}");
      ConnectorResult r = jar.withJvmOption("-Daws.cborEnabled=false").check(config);
      assertThat(r.exitCode()).isZero();
      JsonNode status = r.connectionStatus();
      assertThat(status.get("status").asText()).isEqualTo("FAILED");
      assertThat(status.get("message").asText()).contains("UnrecognizedClientException")
          .contains("Check the credentials").contains("kinesis:ListStreams");
      assertThat(r.stdout()).doesNotContain(SECRET);
    }
  }

  @Test
  void checkFailsClearlyWhenTheEndpointCannotBeReached() {
    ObjectNode config = Messages.json("{\"endpoint\":\"http://127.0.0.1:9\",\"region\":\"us-east-1\","
        + "\"accessKey\":\"a\",\"privateKey\":\"" + SECRET + "\"}");
    ConnectorResult r = jar.check(config);
    assertThat(r.exitCode()).isZero();
    assertThat(r.connectionStatus().get("status").asText()).isEqualTo("FAILED");
    assertThat(r.connectionStatus().get("message").asText()).contains("Could not reach AWS")
        .contains("Check the endpoint");
  }

  @Test
  void checkReportsAnInvalidConfigAsFailed() {
    ConnectorResult r = jar.check(config("\"bufferSize\":0,\"target_stream\":\"no spaces allowed\""));
    assertThat(r.exitCode()).isZero();
    assertThat(r.connectionStatus().get("status").asText()).isEqualTo("FAILED");
    assertThat(r.connectionStatus().get("message").asText()).contains("bufferSize").contains("target_stream");
  }

  /** Input lines and what the destination must answer, built together so the expectations stay independent. */
  private static final class Sync {
    final List<String> lines = new ArrayList<>();
    final List<ObjectNode> inputStates = new ArrayList<>();
    final List<Double> expectedCounts = new ArrayList<>();
    final Map<String, List<JsonNode>> dataByStream = new LinkedHashMap<>();
    private final Map<String, Integer> sinceStreamState = new HashMap<>();
    private int sinceGlobalState;
    private int id;

    void record(String namespace, String stream, String data) {
      JsonNode json = ProtocolCodec.readTreeUnchecked(data);
      lines.add(Messages.record(namespace, stream, json, 1_700_000_000_000L + lines.size()));
      dataByStream.computeIfAbsent(namespace + "." + stream, k -> new ArrayList<>()).add(json);
      sinceStreamState.merge(namespace + "." + stream, 1, Integer::sum);
      sinceGlobalState++;
    }

    void streamState(String namespace, String stream) {
      String line = Messages.streamState(namespace, stream, Messages.json("{\"cursor\":" + (++id) + "}"), id);
      add(line, sinceStreamState.getOrDefault(namespace + "." + stream, 0));
      sinceStreamState.put(namespace + "." + stream, 0);
    }

    /** A state without type (LEGACY) or a GLOBAL one; both cover every stream. */
    void globalLikeState(String stateJson) {
      ObjectNode state = Messages.json(stateJson);
      state.put("id", ++id);
      add("{\"type\":\"STATE\",\"state\":" + ProtocolCodec.serialize(state) + "}", sinceGlobalState);
      sinceGlobalState = 0;
    }

    private void add(String line, int count) {
      lines.add(line);
      inputStates.add((ObjectNode) ProtocolCodec.readTreeUnchecked(line).get("state"));
      expectedCounts.add((double) count);
    }
  }

  @Test
  void writesInputShapedLikeTheDestinationAcceptanceTest() throws Exception {
    String prefix = "p" + RUN.incrementAndGet() + "_";
    Sync sync = new Sync();
    sync.lines.add("{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"ignored by destinations\"}}");
    // exchange_rate: GLOBAL states without stream_states (invalid against the schema, must be echoed verbatim).
    sync.record(null, "exchange_rate", "{\"id\":1,\"currency\":\"USD\",\"date\":\"2020-08-29T00:00:00Z\","
        + "\"NZD\":1.14,\"HKD\":2.13}");
    sync.record(null, "exchange_rate", "{\"id\":2,\"currency\":\"EUR\",\"date\":\"2020-08-30T00:00:00Z\","
        + "\"NZD\":3.89,\"HKD\":7.15,\"USD\":10.16}");
    sync.globalLikeState("{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"start_date\":\"2020-08-31\"}}}");
    // edge cases: odd names, reserved words, base64, line breaks, unicode.
    sync.record(null, "streamWithCamelCase", "{\"data\":1,\"select\":\"reserved\"}");
    sync.record(null, "stream-with:spécial:character_names", "{\"field_with_spécial_character\":\"3\"}");
    sync.record(null, "stream_name_with_operator+1", "{\"binary\":\"SGVsbG8gd29ybGQh\",\"NaN\":null}");
    sync.record(null, "streamWithCamelCase", "{\"data\":2,\"text\":\"foo\\nbar\\rbaz\\u2028qux \\u00e9\\u65e5"
        + "\\ud83d\\ude00\"}");
    sync.globalLikeState("{\"data\":{\"start_date\":\"2022-02-14\"}}");
    // the same stream name in two namespaces, plus a null namespace, kept apart.
    for (int i = 0; i < 30; i++) {
      sync.record("ns_a", "users", "{\"id\":" + i + ",\"ns\":\"a\"}");
      sync.record("ns_b", "users", "{\"id\":" + i + ",\"ns\":\"b\"}");
      sync.record(null, "users", "{\"id\":" + i + ",\"ns\":null}");
    }
    sync.streamState("ns_a", "users");
    sync.streamState("ns_b", "users");
    sync.streamState(null, "users");
    // testSyncWithLargeRecordBatch: RECORD+STATE pairs, 400 times.
    for (int i = 0; i < 400; i++) {
      sync.record("ns_a", "pairs", "{\"i\":" + i + ",\"s\":\"" + "x".repeat(i % 40) + "\"}");
      sync.streamState("ns_a", "pairs");
    }
    sync.globalLikeState("{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":null,\"stream_states\":[]}}");
    sync.lines.add(Messages.streamStatus(null, "exchange_rate", "COMPLETE"));
    sync.lines.add(Messages.streamStatus("ns_a", "pairs", "COMPLETE"));

    ObjectNode catalog = Messages.catalog(
        stream(null, "exchange_rate", "overwrite"), stream(null, "streamWithCamelCase", "overwrite"),
        stream(null, "stream-with:spécial:character_names", "append"),
        stream(null, "stream_name_with_operator+1", "append"), stream("ns_a", "users", "append"),
        stream("ns_b", "users", "append"), stream(null, "users", "append"), stream("ns_a", "pairs", "append"));
    catalog.withArray("streams").forEach(s -> ((ObjectNode) s).put("generation_id", 12)
        .put("minimum_generation_id", 12).put("sync_id", 42));

    ConnectorResult r = EchoTolerantJarRun.write(config("\"stream_prefix\":\"" + prefix + "\""), catalog,
        sync.lines);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.errors()).isEmpty();
    assertThat(r.stdout()).doesNotContain(SECRET);
    assertThat(r.logMessages()).anyMatch(m -> m.contains("'overwrite'") && m.contains("cannot be truncated"));

    List<JsonNode> states = r.states();
    assertThat(states).hasSize(sync.inputStates.size());
    for (int i = 0; i < states.size(); i++) {
      ObjectNode echoed = states.get(i).deepCopy();
      JsonNode stats = echoed.remove("destinationStats");
      assertThat(echoed).as("state %d echoed verbatim", i).isEqualTo(sync.inputStates.get(i));
      assertThat(stats.get("recordCount").asDouble()).as("recordCount of state %d", i)
          .isEqualTo(sync.expectedCounts.get(i));
    }

    Map<String, String> kinesisNames = Map.of(
        "null.exchange_rate", prefix + "_exchange_rate",
        "null.streamWithCamelCase", prefix + "_streamWithCamelCase",
        "null.stream-with:spécial:character_names", prefix + "_stream_with_special_character_names",
        "null.stream_name_with_operator+1", prefix + "_stream_name_with_operator_1",
        "ns_a.users", prefix + "ns_a_users", "ns_b.users", prefix + "ns_b_users", "null.users", prefix + "_users",
        "ns_a.pairs", prefix + "ns_a_pairs");
    for (Map.Entry<String, List<JsonNode>> expected : sync.dataByStream.entrySet()) {
      String kinesisStream = kinesisNames.get(expected.getKey());
      List<JsonNode> stored = new ArrayList<>();
      for (Record record : KINESIS.readAll(kinesisStream)) {
        JsonNode envelope = ProtocolCodec.readTreeUnchecked(record.data().asUtf8String());
        assertThat(record.partitionKey()).isEqualTo(envelope.get("_airbyte_ab_id").asText());
        stored.add(ProtocolCodec.readTreeUnchecked(envelope.get("_airbyte_data").asText()));
      }
      assertThat(stored).as(expected.getKey()).containsExactlyInAnyOrderElementsOf(expected.getValue());
    }
  }

  @Test
  void aWriteThatCannotCreateItsStreamEndsWithAConfigErrorTrace() {
    ObjectNode catalog = Messages.catalog(stream("nope", "missing" + RUN.incrementAndGet(), "append"));
    ConnectorResult r = jar.write(config("\"create_streams\":false"), catalog, List.of());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().get(0).get("failure_type").asText()).isEqualTo("config_error");
    assertThat(r.errors().get(0).get("message").asText()).contains("does not exist").contains("create_streams");
  }

  @Test
  void anOversizedRecordFailsTheSyncNamingItsLineAndStreamAndEchoesNoLaterState() {
    String prefix = "big" + RUN.incrementAndGet() + "_";
    ObjectNode catalog = Messages.catalog(stream("ns", "blobs", "append"));
    List<String> lines = List.of(
        Messages.record("ns", "blobs", Messages.json("{\"small\":true}"), 1L),
        Messages.streamState("ns", "blobs", Messages.json("{\"c\":1}"), 1),
        Messages.record("ns", "blobs", Messages.json("{\"blob\":\"" + "x".repeat(1_100_000) + "\"}"), 2L),
        Messages.streamState("ns", "blobs", Messages.json("{\"c\":2}"), 2));
    ConnectorResult r = jar.write(config("\"stream_prefix\":\"" + prefix + "\""), catalog, lines);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.errors().get(0).get("failure_type").asText()).isEqualTo("config_error");
    assertThat(r.errors().get(0).get("message").asText()).startsWith("stdin line 3: ").contains("'ns.blobs'")
        .contains("on_oversized_record");
    assertThat(r.states()).extracting(s -> s.get("id").asInt()).containsExactly(1);
  }

  private static ObjectNode stream(String namespace, String name, String destinationSyncMode) {
    return Messages.configuredStream(namespace, name, Messages.json("{\"type\":\"object\",\"properties\":{}}"),
        "full_refresh", destinationSyncMode);
  }
}
