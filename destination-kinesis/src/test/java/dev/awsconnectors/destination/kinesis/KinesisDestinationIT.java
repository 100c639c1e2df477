package dev.awsconnectors.destination.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.testkit.KinesisMockExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/** The destination against kinesis-mock, in-process: what lands in Kinesis, where, and when states are echoed. */
class KinesisDestinationIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  private static String config(String extra) {
    return "{\"endpoint\":\"" + KINESIS.endpoint() + "\",\"region\":\"" + KINESIS.region() + "\",\"accessKey\":\""
        + KINESIS.accessKey() + "\",\"privateKey\":\"" + KINESIS.secretKey() + "\""
        + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  private static WriteHarness open(String extra, Consumer<ObjectNode> onState, String... streams) throws Exception {
    KinesisDestinationConfig config = WriteHarness.config(config(extra));
    return new WriteHarness(new KinesisDestination(), config, WriteHarness.catalog(streams), onState);
  }

  private static JsonNode json(byte[] bytes) {
    return ProtocolCodec.readTreeUnchecked(new String(bytes, StandardCharsets.UTF_8));
  }

  private static List<JsonNode> readPlain(String stream) {
    List<JsonNode> out = new ArrayList<>();
    for (Record r : KINESIS.readAll(stream)) {
      out.add(json(r.data().asByteArray()));
    }
    return out;
  }

  /** Reads every shard through the KCL's de-aggregator with the shard's hash range, as a KCL consumer would. */
  private static Map<String, List<KinesisClientRecord>> readThroughKcl(String stream) {
    Map<String, List<KinesisClientRecord>> out = new HashMap<>();
    AggregatorUtil kcl = new AggregatorUtil();
    for (Shard shard : KINESIS.shards(stream)) {
      List<KinesisClientRecord> raw = KINESIS.readShard(stream, shard.shardId()).stream()
          .map(KinesisClientRecord::fromRecord).toList();
      out.put(shard.shardId(), kcl.deaggregate(raw, new BigInteger(shard.hashKeyRange().startingHashKey()),
          new BigInteger(shard.hashKeyRange().endingHashKey())));
    }
    return out;
  }

  private static JsonNode json(KinesisClientRecord r) {
    byte[] bytes = new byte[r.data().remaining()];
    r.data().duplicate().get(bytes);
    return json(bytes);
  }

  @Test
  void writesTheAirbyteEnvelopeToACreatedStreamNamedLikeAirbyte() throws Exception {
    String name = "orders" + System.nanoTime();
    try (WriteHarness h = open("\"shardCount\":2", s -> {}, "shop", name)) {
      for (int i = 0; i < 50; i++) {
        h.record("shop", name, ProtocolCodec.readTreeUnchecked("{\"id\":" + i + ",\"text\":\"é\\n\\r\\u2028\"}"));
      }
      h.streamState("shop", name);
      h.finish();
      assertThat(h.states).hasSize(1);
    }
    String kinesisName = "shop_" + name;
    assertThat(KINESIS.shards(kinesisName)).hasSize(2);
    List<JsonNode> stored = readPlain(kinesisName);
    assertThat(stored).hasSize(50);
    Set<Integer> ids = new HashSet<>();
    for (JsonNode envelope : stored) {
      JsonNode data = ProtocolCodec.readTreeUnchecked(envelope.get("_airbyte_data").asText());
      assertThat(data.get("text").asText()).isEqualTo("é\n\r\u2028");
      ids.add(data.get("id").asInt());
      assertThat(envelope.get("_airbyte_ab_id").asText()).hasSize(36);
      assertThat(envelope.get("_airbyte_emitted_at").decimalValue()).isEqualByComparingTo("1700000000");
    }
    assertThat(ids).hasSize(50);
  }

  @Test
  void writesEveryPayloadMode() throws Exception {
    JsonNode data = ProtocolCodec.readTreeUnchecked(
        "{\"id\":1,\"msg\":\"{\\\"raw\\\":true}\",\"user\":{\"name\":\"Zoë\"},\"n\":1.50}");
    Map<String, JsonNode> expected = new HashMap<>();
    expected.put("{\"mode\":\"data\"}", data);
    expected.put("{\"mode\":\"field\",\"field\":\"msg\"}", ProtocolCodec.readTreeUnchecked("{\"raw\":true}"));
    expected.put("{\"mode\":\"projection\",\"fields\":[\"id:key\",\"user.name:who\"]}",
        ProtocolCodec.readTreeUnchecked("{\"key\":1,\"who\":\"Zoë\"}"));
    for (Map.Entry<String, JsonNode> mode : expected.entrySet()) {
      String target = KinesisMockExtension.newStreamName("payload");
      try (WriteHarness h = open("\"target_stream\":\"" + target + "\",\"shardCount\":1,\"payload\":"
          + mode.getKey(), s -> {}, null, "s")) {
        h.record(null, "s", data);
        h.finish();
      }
      assertThat(readPlain(target)).as(mode.getKey()).containsExactly(mode.getValue());
    }
    String target = KinesisMockExtension.newStreamName("payload");
    try (WriteHarness h = open("\"target_stream\":\"" + target + "\",\"shardCount\":1,\"payload\":"
        + "{\"mode\":\"envelope_object\"}", s -> {}, null, "s")) {
      h.record(null, "s", data);
      h.finish();
    }
    assertThat(readPlain(target).get(0).get("_airbyte_data")).isEqualTo(data);
  }

  @Test
  void recordsOfOneKeyLandOnOneShardInOrder() throws Exception {
    String target = KINESIS.createStream(KinesisMockExtension.newStreamName("routing"), 4);
    try (WriteHarness h = open("\"target_stream\":\"" + target + "\",\"payload\":{\"mode\":\"data\"},"
        + "\"partition_key\":{\"mode\":\"fields\",\"fields\":[\"customer\"]},\"bufferSize\":37", s -> {}, "a", "s")) {
      Map<String, Integer> seq = new HashMap<>();
      for (int i = 0; i < 600; i++) {
        String customer = "c" + (i % 17);
        h.record("a", "s", ProtocolCodec.readTreeUnchecked("{\"customer\":\"" + customer + "\",\"seq\":"
            + seq.merge(customer, 1, Integer::sum) + "}"));
      }
      h.finish();
    }
    Map<String, String> shardOfKey = new HashMap<>();
    int total = 0;
    for (Shard shard : KINESIS.shards(target)) {
      Map<String, Integer> last = new HashMap<>();
      BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
      BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
      for (Record r : KINESIS.readShard(target, shard.shardId())) {
        total++;
        JsonNode d = json(r.data().asByteArray());
        String key = d.get("customer").asText();
        assertThat(r.partitionKey()).isEqualTo(key);
        BigInteger hash = HashKeys.ofPartitionKey(key);
        assertThat(hash.compareTo(start) >= 0 && hash.compareTo(end) <= 0).isTrue();
        assertThat(shardOfKey.putIfAbsent(key, shard.shardId())).isIn(null, shard.shardId());
        assertThat(d.get("seq").asInt()).isEqualTo(last.getOrDefault(key, 0) + 1);
        last.put(key, d.get("seq").asInt());
      }
    }
    assertThat(total).isEqualTo(600);
    assertThat(shardOfKey).hasSize(17);
  }

  @Test
  void createsOnDemandStreamsAndReusesExistingOnes() throws Exception {
    String target = KinesisMockExtension.newStreamName("ondemand");
    for (int run = 0; run < 2; run++) {
      try (WriteHarness h = open("\"target_stream\":\"" + target + "\",\"stream_mode\":\"ON_DEMAND\"", s -> {},
          null, "s")) {
        h.record(null, "s", ProtocolCodec.readTreeUnchecked("{\"run\":" + run + "}"));
        h.finish();
      }
    }
    assertThat(KINESIS.client().describeStreamSummary(r -> r.streamName(target)).streamDescriptionSummary()
        .streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
    assertThat(readPlain(target)).hasSize(2);
  }

  @Test
  void aMissingStreamIsAConfigErrorWhenCreationIsOff() {
    String target = KinesisMockExtension.newStreamName("missing");
    assertThatThrownBy(() -> open("\"target_stream\":\"" + target + "\",\"create_streams\":false", s -> {}, null,
        "s")).isInstanceOf(ConfigErrorException.class).hasMessageContaining(target)
        .hasMessageContaining("does not exist");
  }

  @Test
  void echoesEachStateOnlyOnceItsRecordsCanBeReadBack() throws Exception {
    String target = KINESIS.createStream(KinesisMockExtension.newStreamName("timing"), 2);
    Map<Integer, Integer> recordsBefore = new HashMap<>();
    List<String> problems = new ArrayList<>();
    Consumer<ObjectNode> check = state -> {
      int expected = recordsBefore.get(state.get("id").asInt());
      int stored = KINESIS.readAll(target).size();
      if (stored < expected) {
        problems.add("state " + state.get("id") + " echoed with " + stored + " of " + expected + " records stored");
      }
    };
    try (WriteHarness h = open("\"target_stream\":\"" + target + "\",\"flush_interval_ms\":60000", check, "n", "s")) {
      int written = 0;
      for (int s = 0; s < 6; s++) {
        for (int i = 0; i < 25; i++) {
          h.record("n", "s", ProtocolCodec.readTreeUnchecked("{\"i\":" + written++ + "}"));
        }
        recordsBefore.put(s + 1, written);
        h.streamState("n", "s");
      }
      h.finish();
      assertThat(h.states).extracting(s -> s.get("id").asInt()).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(h.states).allSatisfy(s -> assertThat(s.at("/destinationStats/recordCount").asDouble())
          .isEqualTo(25.0));
    }
    assertThat(problems).isEmpty();
    assertThat(KINESIS.readAll(target)).hasSize(150);
  }

  @Test
  void aggregatesReadBackThroughTheKclDeaggregator() throws Exception {
    String target = KINESIS.createStream(KinesisMockExtension.newStreamName("kpl"), 3);
    try (WriteHarness h = open("\"target_stream\":\"" + target + "\",\"payload\":{\"mode\":\"data\"},"
        + "\"aggregation\":true,\"aggregation_max_kib\":8", s -> {}, "n", "s")) {
      for (int i = 0; i < 2000; i++) {
        h.record("n", "s", ProtocolCodec.readTreeUnchecked("{\"i\":" + i + ",\"pad\":\"" + "p".repeat(i % 50)
            + "\"}"));
      }
      h.finish();
    }
    int kinesisRecords = KINESIS.readAll(target).size();
    Set<Integer> seen = new HashSet<>();
    int aggregated = 0;
    for (List<KinesisClientRecord> records : readThroughKcl(target).values()) {
      for (KinesisClientRecord r : records) {
        assertThat(seen.add(json(r).get("i").asInt())).isTrue();
        aggregated += r.aggregated() ? 1 : 0;
      }
    }
    assertThat(seen).hasSize(2000);
    assertThat(aggregated).isGreaterThan(1900);
    assertThat(kinesisRecords).isLessThan(200);
  }

  @Test
  void aSplitDuringAnAggregatedWriteLosesNothingThroughTheKcl() throws Exception {
    String target = KINESIS.createStream(KinesisMockExtension.newStreamName("split"), 1);
    try (WriteHarness h = open("\"target_stream\":\"" + target + "\",\"payload\":{\"mode\":\"data\"},"
        + "\"partition_key\":{\"mode\":\"fields\",\"fields\":[\"k\"]},\"aggregation\":true", s -> {}, "n", "s")) {
      for (int i = 0; i < 800; i++) {
        h.record("n", "s", ProtocolCodec.readTreeUnchecked("{\"i\":" + i + ",\"k\":\"key" + (i % 29) + "\"}"));
        if (i == 399) {
          h.streamState("n", "s");
          h.awaitStates(1);
          Shard parent = KINESIS.shards(target).get(0);
          BigInteger middle = HashKeys.MAX.shiftRight(1);
          KINESIS.client().splitShard(r -> r.streamName(target).shardToSplit(parent.shardId())
              .newStartingHashKey(middle.toString()));
          KINESIS.awaitActive(target);
        }
      }
      h.streamState("n", "s");
      h.finish();
      assertThat(h.states).hasSize(2);
    }
    assertThat(KINESIS.shards(target)).hasSize(3);
    Set<Integer> seen = new HashSet<>();
    readThroughKcl(target).values().forEach(list -> list.forEach(r -> seen.add(json(r).get("i").asInt())));
    assertThat(seen).hasSize(800);
  }

  @Test
  void checkSucceedsWithoutCreatingAnything() throws Exception {
    KinesisDestination destination = new KinesisDestination();
    String missing = KinesisMockExtension.newStreamName("check");
    assertThat(destination.check(WriteHarness.config(config(""))).status())
        .isEqualTo(AirbyteConnectionStatus.Status.SUCCEEDED);
    assertThat(destination.check(WriteHarness.config(config("\"target_stream\":\"" + missing + "\""))).status())
        .isEqualTo(AirbyteConnectionStatus.Status.SUCCEEDED);
    AirbyteConnectionStatus noCreate = destination.check(WriteHarness.config(config("\"target_stream\":\"" + missing
        + "\",\"create_streams\":false")));
    assertThat(noCreate.status()).isEqualTo(AirbyteConnectionStatus.Status.FAILED);
    assertThat(noCreate.message()).contains(missing).contains("does not exist");
    assertThat(KINESIS.client().listStreams().streamNames()).doesNotContain(missing);
    String existing = KINESIS.createStream(KinesisMockExtension.newStreamName("check"), 1);
    assertThat(destination.check(WriteHarness.config(config("\"target_stream\":\"" + existing
        + "\",\"aggregation\":true"))).status()).isEqualTo(AirbyteConnectionStatus.Status.SUCCEEDED);
  }
}
