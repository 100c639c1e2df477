package dev.awsconnectors.source.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.FaultProxy;
import dev.awsconnectors.testkit.FaultProxy.Exchange;
import dev.awsconnectors.testkit.FaultProxy.Fault;
import dev.awsconnectors.testkit.KinesisMockExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built jar against a fault-injecting proxy in front of kinesis-mock: throttling bursts on the first call of
 * every kind, lost answers and dropped connections are retried by the one retry policy without losing or repeating a
 * record, and a persistent fault ends in one transient error, within the configured budget, naming the call and the
 * endpoint.
 */
@Timeout(300)
class SourceFaultIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  /** Every call the source makes during a read, in the order a read makes them first. */
  private static final List<String> READ_CALLS = List.of("DescribeStreamSummary", "ListShards", "GetShardIterator",
      "GetRecords");

  private static ConnectorProcess jar() {
    return ConnectorProcess.ofModule("source-kinesis").withTimeout(Duration.ofMinutes(3));
  }

  private static ObjectNode config(FaultProxy proxy, String stream) {
    return SourceHarness.config(KINESIS, stream).put("endpoint", proxy.endpoint().toString());
  }

  private static Fault throttling(String call) {
    return call.equals("GetRecords") || call.equals("GetShardIterator") ? Fault.kinesisThrottling()
        : Fault.kinesisLimitExceeded();
  }

  private static List<JsonNode> payloads(ConnectorResult read) {
    return read.records().stream().map(r -> r.at("/data/data")).toList();
  }

  @Test
  void throttlingBurstsOnTheFirstCallOfEveryKindFailNeitherCheckNorDiscoverNorRead() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("burst"), 2);
    List<JsonNode> written = new KinesisWriter(KINESIS.client(), stream).write(120, 8, "burst");

    // A check answers quickly (it may try less often than a sync): two throttled answers on each of its calls.
    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
      List<FaultProxy.Rule> rules = new ArrayList<>();
      for (String call : List.of("ListStreams", "DescribeStreamSummary", "ListShards", "GetShardIterator",
          "GetRecords")) {
        rules.add(proxy.inject(call, throttling(call), 2));
      }
      ObjectNode config = config(proxy, stream);
      config.remove("streams");
      ConnectorResult check = jar().check(config);
      assertThat(check.connectionStatus().get("status").asText()).as(check.toString()).isEqualTo("SUCCEEDED");
      assertThat(rules).allSatisfy(rule -> assertThat(rule.applied()).isEqualTo(2));
    }

    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
      List<FaultProxy.Rule> rules = new ArrayList<>();
      for (String call : READ_CALLS) {
        rules.add(proxy.inject(call, throttling(call), 3));
      }
      ConnectorResult discover = jar().discover(config(proxy, stream));
      assertThat(discover.exitCode()).as(discover.toString()).isZero();
      assertThat(discover.ofType("CATALOG")).hasSize(1);
      assertThat(rules.get(0).applied()).isEqualTo(3);
    }

    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
      Map<String, FaultProxy.Rule> rules = new java.util.LinkedHashMap<>();
      for (String call : READ_CALLS) {
        rules.put(call, proxy.inject(call, throttling(call), 3));
      }
      ConnectorResult read = jar().read(config(proxy, stream), SourceHarness.catalog("incremental", stream), null);
      assertThat(read.exitCode()).as(read.toString()).isZero();
      assertThat(payloads(read)).containsExactlyInAnyOrderElementsOf(written);
      rules.forEach((call, rule) -> {
        assertThat(rule.applied()).as(call).isEqualTo(3);
        assertThat(proxy.exchanges(call)).extracting(Exchange::status).as(call).startsWith(400, 400, 400);
      });
      assertThat(read.errors()).isEmpty();
    }
  }

  @Test
  void lostAnswersAndDroppedConnectionsNeitherLoseNorRepeatARecord() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("lost"), 2);
    KinesisWriter writer = new KinesisWriter(KINESIS.client(), stream);
    List<JsonNode> first = writer.write(150, 10, "first");
    JsonNode catalog = SourceHarness.catalog("incremental", stream);

    JsonNode state;
    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
      List<FaultProxy.Rule> rules = List.of(
          proxy.inject("DescribeStreamSummary", Fault.loseAnswer(), 1),
          proxy.inject("ListShards", Fault.dropConnection(), 1),
          proxy.inject("ListShards", Fault.loseAnswer(), 1),
          proxy.inject("GetShardIterator", Fault.loseAnswer(), 2),
          proxy.inject("GetShardIterator", Fault.kinesisServiceUnavailable(), 1),
          proxy.inject("GetRecords", Fault.loseAnswer(), 3),
          proxy.inject("GetRecords", Fault.dropConnection(), 2),
          proxy.inject("GetRecords", Fault.kinesisInternalFailure(), 2));
      // Small pages, so that faults hit calls in the middle of the shards too.
      ConnectorResult run1 = jar().read(config(proxy, stream).put("records_per_call", 20), catalog, null);
      assertThat(run1.exitCode()).as(run1.toString()).isZero();
      assertThat(payloads(run1)).containsExactlyInAnyOrderElementsOf(first);
      assertThat(rules).allSatisfy(rule -> assertThat(rule.remaining()).isZero());
      assertThat(proxy.exchanges("GetRecords")).filteredOn(Exchange::executedUpstream).filteredOn(e ->
          e.status() != 200).as("lost answers were executed upstream").hasSizeGreaterThanOrEqualTo(3);
      state = StateRuleChecker.lastStatesArray(run1.states());
    }

    List<JsonNode> second = writer.write(60, 10, "second");
    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
      proxy.inject("GetShardIterator", Fault.loseAnswer(), 2);
      proxy.inject("GetRecords", Fault.loseAnswer(), 2);
      ConnectorResult run2 = jar().read(config(proxy, stream).put("records_per_call", 20), catalog, state);
      assertThat(run2.exitCode()).as(run2.toString()).isZero();
      assertThat(payloads(run2)).containsExactlyInAnyOrderElementsOf(second);
    }
  }

  @Test
  void aPersistentFaultEndsInOneTransientErrorWithinTheBudgetNamingTheCallAndTheEndpoint() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("persist"), 2);
    new KinesisWriter(KINESIS.client(), stream).write(40, 4, "p");
    JsonNode catalog = SourceHarness.catalog("incremental", stream);
    int attempts = 4;
    Map<String, Fault> persistent = Map.of("GetRecords", Fault.kinesisInternalFailure(),
        "DescribeStreamSummary", Fault.kinesisServiceUnavailable(), "ListShards", Fault.dropConnection());
    for (Map.Entry<String, Fault> fault : persistent.entrySet()) {
      String call = fault.getKey();
      try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
        proxy.inject(call, fault.getValue(), 1_000_000);
        ObjectNode config = config(proxy, stream).put("retry_max_attempts", attempts).put("retry_max_seconds", 5);
        ConnectorResult read = jar().read(config, catalog, null);

        assertThat(read.exitCode()).as(read.toString()).isNotZero();
        assertThat(read.errors()).as(read.toString()).hasSize(1);
        JsonNode error = read.errors().get(0);
        assertThat(error.get("failure_type").asText()).isEqualTo("transient_error");
        assertThat(error.get("message").asText()).as(call).contains("calling " + call)
            .contains(proxy.endpoint().toString());
        assertThat(read.records()).isEmpty();
        // The policy's attempts, per call under way (one per shard at most), and no retry of the source's own.
        assertThat(proxy.exchanges(call)).as(call).hasSizeBetween(attempts, attempts * 2);
        assertThat(read.took()).as("within the 5 s budget, start-up included").isLessThan(Duration.ofSeconds(40));
        assertThat(read.streamStatuses()).extracting(s -> s.get("status").asText()).endsWith("INCOMPLETE");
      }
    }
  }
}
