package dev.awsconnectors.source.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.KinesisMockExtension;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Splits and merges between syncs: every record exactly once, and every partition key's records in the order they
 * were written, across the parents and their children.
 */
class ReshardIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  @Test
  void splitBetweenRunsKeepsEveryKeyInOrder() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("split"), 2);
    KinesisWriter writer = new KinesisWriter(KINESIS.client(), stream);
    ObjectNode config = SourceHarness.config(KINESIS, stream);
    JsonNode catalog = SourceHarness.catalog("incremental", stream);
    List<JsonNode> beforeRun1 = writer.write(300, 24, "a");
    CollectingOutput run1 = SourceHarness.read(config, catalog, null);
    assertThat(IncrementalReadIT.payloads(run1)).containsExactlyInAnyOrderElementsOf(beforeRun1);

    // Left unread in the parent when the split happens, then written to the children.
    List<JsonNode> inParent = writer.write(300, 24, "b");
    Shard parent = KINESIS.shards(stream).get(0);
    BigInteger start = new BigInteger(parent.hashKeyRange().startingHashKey());
    BigInteger end = new BigInteger(parent.hashKeyRange().endingHashKey());
    KINESIS.client().splitShard(r -> r.streamName(stream).shardToSplit(parent.shardId())
        .newStartingHashKey(start.add(end).shiftRight(1).toString()));
    KINESIS.awaitActive(stream);
    List<JsonNode> inChildren = writer.write(300, 24, "c");

    CollectingOutput run2 = SourceHarness.read(config, catalog, run1.lastStatesArray());
    List<JsonNode> expected = new ArrayList<>(inParent);
    expected.addAll(inChildren);
    assertThat(IncrementalReadIT.payloads(run2)).containsExactlyInAnyOrderElementsOf(expected);
    assertPerKeyOrder(run1, run2);
    assertThat(shardIdsOf(run2)).contains(parent.shardId()).hasSizeGreaterThanOrEqualTo(3);
    JsonNode shards = run2.lastStatesArray().get(0).at("/stream/stream_state/shards");
    assertThat(shards.at("/" + parent.shardId() + "/finished").asBoolean()).isTrue();

    CollectingOutput run3 = SourceHarness.read(config, catalog, run2.lastStatesArray());
    assertThat(run3.records()).isEmpty();
  }

  @Test
  void mergeBetweenRunsReadsBothParentsBeforeTheChild() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("merge"), 3);
    KinesisWriter writer = new KinesisWriter(KINESIS.client(), stream);
    ObjectNode config = SourceHarness.config(KINESIS, stream);
    JsonNode catalog = SourceHarness.catalog("incremental", stream);
    List<JsonNode> beforeRun1 = writer.write(300, 24, "a");
    CollectingOutput run1 = SourceHarness.read(config, catalog, null);
    assertThat(IncrementalReadIT.payloads(run1)).containsExactlyInAnyOrderElementsOf(beforeRun1);

    List<JsonNode> inParents = writer.write(300, 24, "b");
    List<Shard> shards = KINESIS.shards(stream);
    KINESIS.client().mergeShards(r -> r.streamName(stream).shardToMerge(shards.get(0).shardId())
        .adjacentShardToMerge(shards.get(1).shardId()));
    KINESIS.awaitActive(stream);
    List<JsonNode> inChild = writer.write(300, 24, "c");

    CollectingOutput run2 = SourceHarness.read(config, catalog, run1.lastStatesArray());
    List<JsonNode> expected = new ArrayList<>(inParents);
    expected.addAll(inChild);
    assertThat(IncrementalReadIT.payloads(run2)).containsExactlyInAnyOrderElementsOf(expected);
    assertPerKeyOrder(run1, run2);
    JsonNode state = run2.lastStatesArray().get(0).at("/stream/stream_state/shards");
    assertThat(state.at("/" + shards.get(0).shardId() + "/finished").asBoolean()).isTrue();
    assertThat(state.at("/" + shards.get(1).shardId() + "/finished").asBoolean()).isTrue();
  }

  @Test
  void splitDuringTheFirstSyncsBacklogIsReadParentFirst() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("split1"), 1);
    KinesisWriter writer = new KinesisWriter(KINESIS.client(), stream);
    List<JsonNode> expected = new ArrayList<>(writer.write(400, 16, "a"));
    Shard parent = KINESIS.shards(stream).get(0);
    KINESIS.client().splitShard(r -> r.streamName(stream).shardToSplit(parent.shardId())
        .newStartingHashKey(BigInteger.ONE.shiftLeft(127).toString()));
    KINESIS.awaitActive(stream);
    expected.addAll(writer.write(400, 16, "b"));
    Shard child = KINESIS.shards(stream).get(1);
    KINESIS.client().splitShard(r -> r.streamName(stream).shardToSplit(child.shardId())
        .newStartingHashKey(new BigInteger(child.hashKeyRange().startingHashKey()).add(BigInteger.ONE.shiftLeft(120))
            .toString()));
    KINESIS.awaitActive(stream);
    expected.addAll(writer.write(400, 16, "c"));

    CollectingOutput run = SourceHarness.read(SourceHarness.config(KINESIS, stream),
        SourceHarness.catalog("incremental", stream), null);
    assertThat(IncrementalReadIT.payloads(run)).containsExactlyInAnyOrderElementsOf(expected);
    assertPerKeyOrder(run);
  }

  /** Within each key, the counter written by {@link KinesisWriter} strictly increases in emission order. */
  static void assertPerKeyOrder(CollectingOutput... runs) {
    Map<String, Integer> last = new HashMap<>();
    for (CollectingOutput run : runs) {
      for (JsonNode record : run.records()) {
        String key = record.at("/data/key").asText();
        int n = record.at("/data/n").asInt();
        Integer previous = last.put(key, n);
        assertThat(previous == null || previous < n)
            .as("key %s: %s after %s (shard %s)", key, n, previous, record.get("shard_id").asText()).isTrue();
      }
    }
  }

  private static List<String> shardIdsOf(CollectingOutput run) {
    return run.records().stream().map(r -> r.get("shard_id").asText()).distinct().toList();
  }
}
