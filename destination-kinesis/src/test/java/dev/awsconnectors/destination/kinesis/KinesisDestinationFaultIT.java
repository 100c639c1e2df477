package dev.awsconnectors.destination.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.FaultProxy;
import dev.awsconnectors.testkit.FaultProxy.Exchange;
import dev.awsconnectors.testkit.FaultProxy.Fault;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The built jar against kinesis-mock behind a fault-injecting proxy: bursts of throttling, 5xx answers, dropped
 * connections and lost answers on the first call of every kind the destination makes are retried by the one retry
 * policy and lose nothing; a fault that persists ends the sync with one transient_error within the configured budget,
 * naming the call and the endpoint.
 */
class KinesisDestinationFaultIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();
  private static final int RECORDS = 300;
  private static final int STATE_EVERY = 100;

  private final ConnectorProcess jar = ConnectorProcess.ofModule("destination-kinesis")
      .withTimeout(Duration.ofMinutes(3));

  private static ObjectNode config(FaultProxy proxy, String stream, String extra) {
    return Messages.json("{\"endpoint\":\"" + proxy.endpoint() + "\",\"region\":\"" + KINESIS.region()
        + "\",\"accessKey\":\"" + KINESIS.accessKey() + "\",\"privateKey\":\"" + KINESIS.secretKey() + "\","
        + "\"target_stream\":\"" + stream + "\",\"shardCount\":2,\"payload\":{\"mode\":\"data\"},"
        + "\"partition_key\":{\"mode\":\"fields\",\"fields\":[\"key\"]}" + (extra.isEmpty() ? "" : "," + extra)
        + "}");
  }

  private static ObjectNode catalog() {
    return Messages.catalog(Messages.configuredStream("shop", "orders",
        Messages.json("{\"type\":\"object\"}"), "incremental", "append"));
  }

  /** {@value #RECORDS} records of 13 keys, a STREAM state every {@value #STATE_EVERY}. */
  private static List<String> input() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      lines.add(Messages.record("shop", "orders", Messages.json("{\"id\":" + i + ",\"key\":\"k" + i % 13 + "\"}"),
          1_700_000_000_000L + i));
      if ((i + 1) % STATE_EVERY == 0) {
        lines.add(Messages.streamState("shop", "orders", Messages.json("{\"cursor\":" + i + "}"),
            (i + 1) / STATE_EVERY));
      }
    }
    return lines;
  }

  /** How often each record id can be read, through the KCL's de-aggregation with each shard's range. */
  private static Map<Integer, Integer> readThroughKcl(String stream) {
    Map<Integer, Integer> seen = new HashMap<>();
    AggregatorUtil kcl = new AggregatorUtil();
    for (Shard shard : KINESIS.shards(stream)) {
      List<KinesisClientRecord> raw = KINESIS.readShard(stream, shard.shardId()).stream()
          .map(KinesisClientRecord::fromRecord).toList();
      for (KinesisClientRecord r : kcl.deaggregate(raw, new BigInteger(shard.hashKeyRange().startingHashKey()),
          new BigInteger(shard.hashKeyRange().endingHashKey()))) {
        byte[] bytes = new byte[r.data().remaining()];
        r.data().duplicate().get(bytes);
        seen.merge(ProtocolCodec.readTreeUnchecked(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
            .get("id").asInt(), 1, Integer::sum);
      }
    }
    return seen;
  }

  private static List<Integer> statuses(FaultProxy proxy, String operation) {
    return proxy.exchanges(operation).stream().map(Exchange::status).toList();
  }

  @Test
  void burstsOfFaultsOnTheFirstCallOfEveryKindAreRetriedAndLoseNothing() {
    String stream = KinesisMockExtension.newStreamName("faults");
    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
      proxy.inject("DescribeStreamSummary", Fault.kinesisLimitExceeded(), 1);
      proxy.inject("DescribeStreamSummary", Fault.kinesisInternalFailure(), 1);
      proxy.inject("DescribeStreamSummary", Fault.dropConnection(), 1);
      proxy.inject("CreateStream", Fault.kinesisLimitExceeded(), 1);
      proxy.inject("CreateStream", Fault.kinesisServiceUnavailable(), 1);
      proxy.inject("CreateStream", Fault.loseAnswer(), 1); // created, but the connector does not hear it
      proxy.inject("ListShards", Fault.kinesisLimitExceeded(), 1);
      proxy.inject("ListShards", Fault.dropConnection(), 1);
      proxy.inject("ListShards", Fault.loseAnswer(), 1);
      proxy.inject("PutRecords", Fault.kinesisThrottling(), 1);
      proxy.inject("PutRecords", Fault.kinesisInternalFailure(), 1);
      proxy.inject("PutRecords", Fault.dropConnection(), 1);

      ConnectorResult r = jar.write(config(proxy, stream, "\"aggregation\":true"), catalog(), input());

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.errors()).isEmpty();
      assertThat(r.states()).extracting(s -> s.get("id").asInt()).containsExactly(1, 2, 3);
      assertThat(r.states()).allSatisfy(s -> assertThat(s.at("/destinationStats/recordCount").asDouble())
          .isEqualTo(STATE_EVERY));
      assertThat(statuses(proxy, "DescribeStreamSummary")).startsWith(400, 500, 0, 400); // then ResourceNotFound
      assertThat(statuses(proxy, "CreateStream")).startsWith(400, 503, 0, 400); // then ResourceInUseException
      assertThat(statuses(proxy, "ListShards")).startsWith(400, 0, 0, 200);
      assertThat(statuses(proxy, "PutRecords")).startsWith(400, 500, 0, 200);
      assertThat(proxy.exchanges("PutRecords")).noneMatch(e -> e.executedUpstream() && e.status() == 0);
    }
    Map<Integer, Integer> seen = readThroughKcl(stream);
    assertThat(seen).hasSize(RECORDS);
    assertThat(seen.values()).as("no record stored twice").containsOnly(1);
  }

  @Test
  void aLostPutRecordsAnswerIsSentAgainSoNothingIsLost() {
    String stream = KinesisMockExtension.newStreamName("lost");
    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
      FaultProxy.Rule lost = proxy.inject("PutRecords", Fault.loseAnswer(), 2);

      ConnectorResult r = jar.write(config(proxy, stream, ""), catalog(), input());

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.states()).hasSize(RECORDS / STATE_EVERY);
      assertThat(lost.applied()).isEqualTo(2);
    }
    // Kinesis has no idempotent put: a request whose answer was lost is stored, and stored again by the retry.
    // Its records are the only ones that may appear twice.
    Map<Integer, Integer> seen = readThroughKcl(stream);
    assertThat(seen).hasSize(RECORDS);
    assertThat(seen.values()).allMatch(n -> n <= 3);
  }

  @Test
  void aPersistentFaultEndsInOneTransientErrorWithinTheBudgetNamingTheCallAndTheEndpoint() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("persistent"), 1);
    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
      proxy.inject("PutRecords", Fault.kinesisInternalFailure(), 10_000);

      ConnectorResult r = jar.write(config(proxy, stream, "\"retry_max_attempts\":50,\"retry_max_seconds\":3"),
          catalog(), input());

      assertThat(r.exitCode()).as(r.toString()).isNotZero();
      assertThat(r.errors()).hasSize(1);
      JsonNode error = r.errors().get(0);
      assertThat(error.get("failure_type").asText()).isEqualTo("transient_error");
      assertThat(error.get("message").asText()).contains("kinesis:PutRecords").contains("'" + stream + "'")
          .contains("127.0.0.1:" + proxy.endpoint().getPort());
      assertThat(r.states()).isEmpty();
      assertThat(proxy.exchanges("PutRecords")).hasSizeGreaterThan(1).allMatch(e -> e.status() == 500);
      // Without the budget, 50 attempts would back off for minutes; with it, the call ends after 3 s.
      assertThat(r.took()).as("the 3 s budget, plus the JVM's start").isLessThan(Duration.ofSeconds(60));
    }

    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
      proxy.inject("DescribeStreamSummary", Fault.kinesisLimitExceeded(), 10_000);

      ConnectorResult r = jar.write(config(proxy, stream, "\"retry_max_attempts\":4,\"retry_max_seconds\":60"),
          catalog(), input());

      assertThat(r.errors()).hasSize(1);
      JsonNode error = r.errors().get(0);
      assertThat(error.get("failure_type").asText()).isEqualTo("transient_error");
      assertThat(error.get("message").asText()).contains("kinesis:DescribeStreamSummary")
          .contains("127.0.0.1:" + proxy.endpoint().getPort()).contains("LimitExceededException");
      assertThat(proxy.exchanges("DescribeStreamSummary")).as("4 attempts").hasSize(4);
    }
  }
}
