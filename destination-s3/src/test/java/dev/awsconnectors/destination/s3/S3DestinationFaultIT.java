package dev.awsconnectors.destination.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.destination.s3.generation.StreamTag;
import dev.awsconnectors.destination.s3.support.FileReaders;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.FaultProxy;
import dev.awsconnectors.testkit.FaultProxy.Exchange;
import dev.awsconnectors.testkit.FaultProxy.Fault;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.S3ProxyExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The built jar against S3Proxy behind a fault-injecting proxy. Bursts of throttling, 5xx answers and dropped
 * connections on the first call of every kind the destination makes are retried by the one retry policy inside the
 * SDK and lose nothing; a lost PutObject or CompleteMultipartUpload answer (executed, then the connection closed) is
 * recognized by the object's file id, even when the HeadObject that reads it fails at first, and nothing is written
 * twice; a fault that persists ends the sync with one transient_error within the configured budget, naming the call
 * and the endpoint, with no state echoed for records that were not stored.
 */
class S3DestinationFaultIT {
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();
  private static final JsonNode SCHEMA = TestConfigs.json("{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"integer\"},\"text\":{\"type\":\"string\"}}}");
  private static final StreamDescriptor SMALL = new StreamDescriptor("small", "ns");
  /** Records of the large stream: 100 of 100 kB make a 10 MB file, uploaded in two parts. */
  private static final int LARGE_RECORDS = 100;
  private static final int SMALL_RECORDS = 20;

  private final ConnectorProcess jar = ConnectorProcess.ofModule("destination-s3").withTimeout(Duration.ofMinutes(3));

  private static ObjectNode config(FaultProxy proxy, String bucket) {
    ObjectNode config = TestConfigs.s3proxy(S3, bucket, "data");
    config.put("s3_endpoint", proxy.endpoint().toString()).put("s3_path_format", "${NAMESPACE}/${STREAM_NAME}/");
    return config;
  }

  private static ObjectNode catalog() {
    ObjectNode small = Messages.configuredStream("ns", "small", SCHEMA, "full_refresh", "append");
    small.put("generation_id", 5).put("minimum_generation_id", 5).put("sync_id", 9);
    return Messages.catalog(small, Messages.configuredStream("ns", "large", SCHEMA, "full_refresh", "append"));
  }

  /** Both streams' records, a STREAM state after each stream's records, and COMPLETE for both. */
  private static List<String> input() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < SMALL_RECORDS; i++) {
      lines.add(Messages.record("ns", "small", TestConfigs.json("{\"id\":" + i + ",\"text\":\"s\"}"), 1L));
    }
    lines.add(Messages.streamState("ns", "small", TestConfigs.json("{\"c\":1}"), 1));
    Random random = new Random(7);
    for (int i = 0; i < LARGE_RECORDS; i++) {
      StringBuilder text = new StringBuilder(100_000);
      for (int c = 0; c < 100_000; c++) {
        text.append((char) ('a' + random.nextInt(26)));
      }
      ObjectNode data = TestConfigs.json("{}").put("id", 1000 + i).put("text", text.toString());
      lines.add(Messages.record("ns", "large", data, 1L));
    }
    lines.add(Messages.streamState("ns", "large", TestConfigs.json("{\"c\":2}"), 2));
    lines.add(Messages.streamStatus("ns", "small", "COMPLETE"));
    lines.add(Messages.streamStatus("ns", "large", "COMPLETE"));
    return lines;
  }

  /** An object of an earlier generation of the small stream, which the overwrite deletes. */
  private static void seedEarlierGeneration(String bucket) {
    S3.client().putObject(r -> r.bucket(bucket).key("data/ns/small/0.jsonl").metadata(Map.of("ab-stream",
        StreamTag.of(SMALL), "ab-generation-id", "4")), RequestBody.fromString("{\"old\":true}\n"));
  }

  /** How often each record id was stored, over every object of the bucket. */
  private static Map<Integer, Integer> storedIds(String bucket) {
    Map<Integer, Integer> seen = new HashMap<>();
    for (S3Object o : S3.list(bucket, "data/")) {
      FileReaders.read(".jsonl", S3.get(bucket, o.key()))
          .forEach(r -> seen.merge(r.at("/_airbyte_data/id").asInt(), 1, Integer::sum));
    }
    return seen;
  }

  private static void assertEveryRecordStoredOnce(String bucket) {
    Map<Integer, Integer> seen = storedIds(bucket);
    assertThat(seen).hasSize(SMALL_RECORDS + LARGE_RECORDS);
    assertThat(seen.values()).as("no record stored twice").containsOnly(1);
    assertThat(S3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
  }

  private static List<Integer> statuses(FaultProxy proxy, String operation) {
    return proxy.exchanges(operation).stream().map(Exchange::status).toList();
  }

  private static List<String> keys(String bucket) {
    return S3.list(bucket, "").stream().map(S3Object::key).toList();
  }

  @Test
  void burstsOfFaultsOnTheFirstCallOfEveryKindAreRetriedAndLoseNothing() {
    String bucket = S3.newBucket();
    seedEarlierGeneration(bucket);
    List<String> operations = List.of("ListObjectsV2", "PutObject", "CreateMultipartUpload", "UploadPart",
        "CompleteMultipartUpload", "HeadObject", "DeleteObjects");
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint())) {
      List<FaultProxy.Rule> rules = new ArrayList<>();
      for (String operation : operations) {
        rules.add(proxy.inject(operation, Fault.s3SlowDown(), 1));
        rules.add(proxy.inject(operation, Fault.s3InternalError(), 1));
        rules.add(proxy.inject(operation, Fault.dropConnection(), 1));
      }

      ConnectorResult r = jar.write(config(proxy, bucket), catalog(), input());

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.errors()).isEmpty();
      assertThat(r.states()).extracting(s -> s.get("id").asInt()).containsExactly(1, 2);
      assertThat(rules).allSatisfy(rule -> assertThat(rule.applied()).isEqualTo(1));
      for (String operation : operations) {
        // Two streams make their first calls at the same time: the three faults go to whichever comes first.
        assertThat(statuses(proxy, operation).subList(0, 3)).as(operation).containsExactlyInAnyOrder(503, 500, 0);
      }
    }
    assertThat(keys(bucket)).containsExactlyInAnyOrder("data/ns/small/1.jsonl", "data/ns/large/0.jsonl");
    assertEveryRecordStoredOnce(bucket);
  }

  @Test
  void lostAnswersOfPutAndCompleteAreRecognizedThroughFailingHeadsAndNothingIsWrittenTwice() {
    String bucket = S3.newBucket();
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint())) {
      FaultProxy.Rule lostPut = proxy.inject("PutObject", Fault.loseAnswer(), 1);
      FaultProxy.Rule lostComplete = proxy.inject("CompleteMultipartUpload", Fault.loseAnswer(), 1);
      FaultProxy.Rule failingHeads = proxy.inject("HeadObject", Fault.s3SlowDown(), 4);

      ConnectorResult r = jar.write(config(proxy, bucket), catalog(), input());

      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(r.states()).hasSize(2);
      assertThat(lostPut.applied()).isEqualTo(1);
      assertThat(lostComplete.applied()).isEqualTo(1);
      assertThat(failingHeads.applied()).isEqualTo(4);
      assertThat(proxy.exchanges("PutObject")).as("the retry found the object: 412, never another key")
          .extracting(e -> e.request().key() + " " + e.status())
          .containsExactly("data/ns/small/0.jsonl 0", "data/ns/small/0.jsonl 412");
      assertThat(proxy.exchanges("CompleteMultipartUpload")).allMatch(e -> e.request().key()
          .equals("data/ns/large/0.jsonl"));
      assertThat(r.logMessages()).noneMatch(m -> m.contains("did not write"));
    }
    assertThat(keys(bucket)).containsExactlyInAnyOrder("data/ns/small/0.jsonl", "data/ns/large/0.jsonl");
    assertEveryRecordStoredOnce(bucket);
  }

  @Test
  void aPersistentFaultEndsTheSyncWithOneTransientErrorWithinTheBudget() {
    String bucket = S3.newBucket();
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint())) {
      proxy.inject("PutObject", Fault.s3SlowDown(), 10_000);
      ObjectNode config = config(proxy, bucket).put("retry_max_attempts", 1000).put("retry_max_seconds", 10);

      ConnectorResult r = jar.write(config, catalog(), input());

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.errors()).singleElement().satisfies(e -> {
        assertThat(e.get("failure_type").asText()).isEqualTo("transient_error");
        assertThat(e.get("message").asText()).contains("PutObject").contains(proxy.endpoint().toString());
      });
      assertThat(proxy.exchanges("PutObject")).as("the 10 s budget ended the retries, long before 1000 attempts")
          .hasSizeBetween(2, 100);
      assertThat(r.states()).as("no state for records that were not stored").isEmpty();
    }
    assertThat(keys(bucket)).as("the large stream's file may be stored; its state waits for the small one's")
        .doesNotContain("data/ns/small/0.jsonl");
    assertThat(S3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void aLostAnswerWhoseObjectCannotBeReadFailsTheSyncInsteadOfWritingAgain() {
    String bucket = S3.newBucket();
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint())) {
      proxy.inject("PutObject", Fault.loseAnswer(), 1);
      proxy.inject("HeadObject", Fault.s3InternalError(), 10_000);
      ObjectNode config = config(proxy, bucket).put("retry_max_attempts", 3).put("retry_max_seconds", 10);

      ConnectorResult r = jar.write(config, catalog(), input());

      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.errors()).singleElement().satisfies(e -> {
        assertThat(e.get("failure_type").asText()).isEqualTo("transient_error");
        assertThat(e.get("message").asText()).contains("HTTP 412");
      });
      assertThat(proxy.exchanges("PutObject")).extracting(e -> e.request().key())
          .containsOnly("data/ns/small/0.jsonl");
      assertThat(r.states()).extracting(s -> s.get("id").asInt()).doesNotContain(1);
    }
    assertThat(S3.list(bucket, "data/ns/small/")).as("the lost answer's object, nothing under another key")
        .extracting(S3Object::key).containsExactly("data/ns/small/0.jsonl");
  }

  @Test
  void theCheckRidesOutShortBurstsOnEveryCallItMakes() {
    String bucket = S3.newBucket();
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint())) {
      for (String operation : List.of("ListObjectsV2", "PutObject", "GetObject", "DeleteObjects",
          "CreateMultipartUpload", "AbortMultipartUpload")) {
        proxy.inject(operation, Fault.s3SlowDown(), 1);
        proxy.inject(operation, Fault.dropConnection(), 1);
      }

      ConnectorResult r = jar.check(config(proxy, bucket));

      assertThat(r.connectionStatus().get("status").asText()).as(r.toString()).isEqualTo("SUCCEEDED");
    }
  }
}
