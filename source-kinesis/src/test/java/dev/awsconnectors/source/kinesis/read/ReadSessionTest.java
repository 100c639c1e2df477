package dev.awsconnectors.source.kinesis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.aws.AwsConnectionReader;
import dev.awsconnectors.commons.aws.AwsFieldNames;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.source.kinesis.CollectingOutput;
import dev.awsconnectors.source.kinesis.SourceHarness;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig.CheckpointInterval;
import dev.awsconnectors.source.kinesis.config.RecordLayout;
import dev.awsconnectors.source.kinesis.config.SchemaOptions;
import dev.awsconnectors.source.kinesis.config.StartPosition;
import dev.awsconnectors.source.kinesis.shard.FakeKinesis;
import dev.awsconnectors.source.kinesis.shard.ShardPacer;
import dev.awsconnectors.source.kinesis.shard.ShardReadException;
import dev.awsconnectors.testkit.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The read coordinator against the in-memory Kinesis, with real reader threads and no pacing delays. */
class ReadSessionTest {
  private static final ReadTuning FAST = new ReadTuning(new ShardPacer(Duration.ZERO, Long.MAX_VALUE / 2000),
      Duration.ofMillis(5), Duration.ofSeconds(10));

  private final FakeKinesis kinesis = new FakeKinesis();

  private static KinesisSourceConfig config(int recordsPerCall, OptionalLong maxRecords, long checkpointEvery,
      String... streams) {
    return new KinesisSourceConfig(AwsConnectionReader.read(ConfigReader.of(Messages.object()),
        AwsFieldNames.STANDARD), List.of(streams), StartPosition.trimHorizon(), true, recordsPerCall, 1000,
        maxRecords, Optional.empty(), 4, new CheckpointInterval(checkpointEvery, Duration.ofHours(1)), false,
        RecordLayout.NESTED, SchemaOptions.DEFAULT);
  }

  private CollectingOutput read(KinesisSourceConfig config, String syncMode, JsonNode stateArray, String... streams)
      throws Exception {
    return read(FAST, config, syncMode, stateArray, streams);
  }

  private CollectingOutput read(ReadTuning tuning, KinesisSourceConfig config, String syncMode, JsonNode stateArray,
      String... streams) throws Exception {
    CollectingOutput output = new CollectingOutput().withInput(stateArray);
    List<AirbyteStateMessage> states = new ArrayList<>();
    if (stateArray != null) {
      for (JsonNode s : stateArray) {
        states.add(ProtocolCodec.convert(s, AirbyteStateMessage.class));
      }
    }
    new ReadSession(config, kinesis, output, tuning).read(ProtocolCodec.convert(
        SourceHarness.catalog(syncMode, streams), ConfiguredAirbyteCatalog.class), states);
    return output;
  }

  private static List<String> payloads(CollectingOutput output) {
    return output.records().stream().map(r -> r.get("data").get("v").asText()).toList();
  }

  private static String[] values(String prefix, int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = "{\"v\":\"" + prefix + i + "\"}";
    }
    return out;
  }

  @Test
  void emitsRecordsThenStatesCountingTheRecordsTheyCover() throws Exception {
    kinesis.stream("s", "a", "b");
    kinesis.put("s", "a", "k", values("a", 5));
    kinesis.put("s", "b", "k", values("b", 4));
    CollectingOutput out = read(config(2, OptionalLong.empty(), 3), "incremental", null, "s");

    assertThat(payloads(out)).containsExactlyInAnyOrder("a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "b3");
    assertThat(out.states()).hasSize(4);
    assertThat(out.states().stream().mapToDouble(s -> s.at("/sourceStats/recordCount").asDouble()).sum())
        .isEqualTo(9);
    assertThat(out.statuses("s")).containsExactly("STARTED", "RUNNING", "COMPLETE");
    JsonNode last = out.states().get(3);
    assertThat(last.at("/stream/stream_state/shards").size()).isEqualTo(2);
    assertThat(out.messages().get(out.messages().size() - 1).at("/trace/stream_status/status").asText())
        .isEqualTo("COMPLETE");
  }

  @Test
  void aStreamWithoutRecordsStillGetsAState() throws Exception {
    kinesis.stream("s", "a");
    CollectingOutput out = read(config(10, OptionalLong.empty(), 100), "incremental", null, "s");
    assertThat(out.records()).isEmpty();
    assertThat(out.states()).hasSize(1);
    assertThat(out.states().get(0).at("/sourceStats/recordCount").asDouble()).isZero();
  }

  @Test
  void childrenAreReadAfterTheirParentsInTheSameSyncAndMarkTheParentsFinished() throws Exception {
    kinesis.stream("s", "p1", "p2");
    kinesis.put("s", "p1", "k", values("p1-", 30));
    kinesis.put("s", "p2", "k", values("p2-", 3));
    kinesis.child("s", "m", "p1", "p2");
    kinesis.put("s", "m", "k", values("m-", 10));
    CollectingOutput out = read(config(4, OptionalLong.empty(), 1000), "incremental", null, "s");

    List<String> order = payloads(out);
    int firstChild = order.indexOf("m-0");
    assertThat(order).hasSize(43);
    assertThat(order.subList(0, firstChild)).hasSize(33);
    assertThat(order.subList(firstChild, order.size())).allMatch(v -> v.startsWith("m-"));
    JsonNode shards = out.states().get(out.states().size() - 1).at("/stream/stream_state/shards");
    assertThat(shards.at("/p1/finished").asBoolean()).isTrue();
    assertThat(shards.at("/p2/finished").asBoolean()).isTrue();
    assertThat(shards.at("/m/sequence_number").isTextual()).isTrue();
  }

  @Test
  void childrenThatListShardsDidNotShowArePickedUpFromTheParentsEnd() throws Exception {
    kinesis.stream("s", "p");
    kinesis.put("s", "p", "k", values("p", 3));
    kinesis.child("s", "c", "p");
    kinesis.put("s", "c", "k", values("c", 2));
    kinesis.hideFromListing("c");
    CollectingOutput out = read(config(10, OptionalLong.empty(), 1000), "incremental", null, "s");
    assertThat(payloads(out)).containsExactly("p0", "p1", "p2", "c0", "c1");
  }

  @Test
  void resumesFromTheInputStateAndSkipsFinishedShardsAndPrunesExpiredOnes() throws Exception {
    kinesis.stream("s", "done", "b");
    kinesis.put("s", "done", "k", values("done", 2));
    List<String> seqs = kinesis.put("s", "b", "k", values("b", 4));
    ObjectNode streamState = Messages.json("{\"format_version\":1,\"shards\":{\"done\":{\"finished\":true},"
        + "\"b\":{\"sequence_number\":\"" + seqs.get(1) + "\"},\"expired\":{\"sequence_number\":\"5\"}}}");
    CollectingOutput out = read(config(10, OptionalLong.empty(), 1000), "incremental", stateArray("s", streamState),
        "s");
    assertThat(payloads(out)).containsExactly("b2", "b3");
    JsonNode shards = out.states().get(0).at("/stream/stream_state/shards");
    assertThat(shards.has("expired")).isFalse();
    assertThat(shards.at("/done/finished").asBoolean()).isTrue();
  }

  @Test
  void fullRefreshIgnoresTheInputState() throws Exception {
    kinesis.stream("s", "a");
    List<String> seqs = kinesis.put("s", "a", "k", values("a", 3));
    ObjectNode streamState = Messages.json("{\"shards\":{\"a\":{\"sequence_number\":\"" + seqs.get(2) + "\"}}}");
    CollectingOutput out = read(config(10, OptionalLong.empty(), 1000), "full_refresh", stateArray("s", streamState),
        "s");
    assertThat(payloads(out)).containsExactly("a0", "a1", "a2");
    assertThat(out.states()).isNotEmpty();
  }

  @Test
  void maxRecordsIsCutExactlyAndSharedByEveryShard() throws Exception {
    kinesis.stream("s", "a", "b", "c", "d");
    for (String shard : List.of("a", "b", "c", "d")) {
      kinesis.put("s", shard, "k", values(shard, 50));
    }
    // With Kinesis' pacing (a shard's next call at least 200 ms after its previous one), as in production.
    ReadTuning paced = new ReadTuning(ShardPacer.KINESIS_LIMITS, FAST.pollInterval(), FAST.progressInterval());
    CollectingOutput out = read(paced, config(1000, OptionalLong.of(20), 1000), "incremental", null, "s");
    assertThat(out.records()).hasSize(20);
    Map<String, Long> perShard = out.records().stream()
        .collect(Collectors.groupingBy(r -> r.get("shard_id").asText(), Collectors.counting()));
    assertThat(perShard).as(kinesis.calls().toString()).containsOnlyKeys("a", "b", "c", "d");
    // No call ever asks for more than an equal share of the budget.
    assertThat(kinesis.calls().stream().filter(c -> c.startsWith("getRecords"))
        .map(c -> Integer.parseInt(c.substring(c.lastIndexOf(' ') + 1)))).allMatch(limit -> limit <= 5);
    assertThat(out.statuses("s")).containsExactly("STARTED", "RUNNING", "COMPLETE");
  }

  @Test
  void manyStreamsAreReadTogetherEachWithItsOwnStates() throws Exception {
    kinesis.stream("x", "a").stream("y", "a");
    kinesis.put("x", "a", "k", values("x", 3));
    kinesis.put("y", "a", "k", values("y", 2));
    CollectingOutput out = read(config(10, OptionalLong.empty(), 1000), "incremental", null, "x", "y");
    assertThat(payloads(out)).containsExactlyInAnyOrder("x0", "x1", "x2", "y0", "y1");
    assertThat(out.states()).extracting(s -> s.at("/stream/stream_descriptor/name").asText())
        .containsExactlyInAnyOrder("x", "y");
    assertThat(out.statuses("x")).containsExactly("STARTED", "RUNNING", "COMPLETE");
    assertThat(out.statuses("y")).containsExactly("STARTED", "RUNNING", "COMPLETE");
  }

  @Test
  void throttlingBeyondTheRetryBudgetFailsTransientlyAfterSavingProgress() throws Exception {
    kinesis.stream("s", "good", "hot");
    kinesis.put("s", "good", "k", values("g", 3));
    kinesis.put("s", "hot", "k", values("h", 3));
    // What the client throws once the connection's retry policy is spent.
    kinesis.failGetRecords("hot", 10, () -> new TransientErrorException("AWS kept failing or throttling while "
        + "calling GetRecords (region us-east-1): ProvisionedThroughputExceededException (HTTP 400), after retries."));
    CollectingOutput out = new CollectingOutput();
    assertThatThrownBy(() -> new ReadSession(config(10, OptionalLong.empty(), 1000), kinesis, out, FAST).read(
        ProtocolCodec.convert(SourceHarness.catalog("incremental", "s"), ConfiguredAirbyteCatalog.class), List.of()))
        .isInstanceOf(TransientErrorException.class).hasMessageContaining("hot");
    assertThat(out.statuses("s")).startsWith("STARTED", "RUNNING").endsWith("INCOMPLETE");
    assertThat(out.states()).isNotEmpty();
    int lastState = out.messages().lastIndexOf(out.ofType("STATE").get(out.ofType("STATE").size() - 1));
    int incomplete = out.messages().size() - 1;
    assertThat(lastState).isLessThan(incomplete);
  }

  @Test
  void aShardThatExpiresDuringTheSyncReleasesItsChild() throws Exception {
    kinesis.stream("s", "p");
    kinesis.put("s", "p", "k", values("p", 2));
    kinesis.child("s", "c", "p");
    kinesis.put("s", "c", "k", values("c", 2));
    kinesis.failGetRecords("p", 1, () -> new ShardReadException(ShardReadException.Kind.SHARD_NOT_FOUND,
        "ResourceNotFoundException", null));
    CollectingOutput out = read(config(10, OptionalLong.empty(), 1000), "incremental", null, "s");
    assertThat(payloads(out)).containsExactly("c0", "c1");
    assertThat(out.states().get(0).at("/stream/stream_state/shards").has("p")).isFalse();
  }

  @Test
  void aStreamNotInTheConfiguredListIsAConfigError() {
    kinesis.stream("s", "a").stream("other", "a");
    assertThatThrownBy(() -> read(config(10, OptionalLong.empty(), 1000, "s"), "incremental", null, "other"))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("'other'");
  }

  @Test
  void anInvalidSavedStateIsAConfigErrorNamingTheStream() {
    kinesis.stream("s", "a");
    assertThatThrownBy(() -> read(config(10, OptionalLong.empty(), 1000), "incremental",
        stateArray("s", Messages.json("{\"shards\":{\"a\":{\"sequence_number\":\"x\"}}}")), "s"))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("'s'").hasMessageContaining("Reset");
  }

  @Test
  void aStateOfAStreamThatWasDeletedAndCreatedAgainIsNotApplied() throws Exception {
    kinesis.stream("s", "a");
    List<String> seqs = kinesis.put("s", "a", "k", values("a", 2));
    ObjectNode old = Messages.json("{\"stream_created_at\":\"2023-01-01T00:00:00Z\",\"shards\":{\"a\":"
        + "{\"sequence_number\":\"" + seqs.get(1) + "\"}}}");
    CollectingOutput out = read(config(10, OptionalLong.empty(), 1000), "incremental", stateArray("s", old), "s");
    assertThat(payloads(out)).containsExactly("a0", "a1");
    assertThat(out.states().get(0).at("/stream/stream_state/stream_created_at").asText())
        .isEqualTo("2024-01-01T00:00:00Z");
  }

  private static JsonNode stateArray(String stream, JsonNode streamState) {
    return ProtocolCodec.readTreeUnchecked("[{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\""
        + stream + "\"},\"stream_state\":" + streamState + "}}]");
  }
}
