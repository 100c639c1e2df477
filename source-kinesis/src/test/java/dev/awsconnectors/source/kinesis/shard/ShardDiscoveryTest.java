package dev.awsconnectors.source.kinesis.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardDiscoveryTest {
  @Test
  void followsEveryPageOfListShardsSendingOnlyTheTokenAfterTheFirst() {
    FakeKinesis kinesis = new FakeKinesis();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2_345; i++) {
      ids.add(String.format("shardId-%012d", i));
    }
    kinesis.stream("big", ids.toArray(String[]::new));
    kinesis.shardPageSize(1_000);

    List<ShardDescription> shards = new ShardDiscovery(kinesis).shards("big");
    assertThat(shards).extracting(ShardDescription::shardId).containsExactlyElementsOf(ids);
    assertThat(kinesis.calls()).containsExactly("listShards stream=big", "listShards token=big:1000",
        "listShards token=big:2000");
  }

  @Test
  void listsClosedShardsWithTheirParents() {
    FakeKinesis kinesis = new FakeKinesis().stream("s", "a", "b").child("s", "m", "a", "b");
    List<ShardDescription> shards = new ShardDiscovery(kinesis).shards("s");
    assertThat(shards).hasSize(3);
    assertThat(shards.get(0).closed()).isTrue();
    assertThat(shards.get(2).parents()).containsExactly("a", "b");
  }

  @Test
  void followsEveryPageOfListStreams() {
    FakeKinesis kinesis = new FakeKinesis();
    for (int i = 0; i < 7; i++) {
      kinesis.stream("stream-" + i, "shardId-000000000000");
    }
    kinesis.streamPageSize(3);
    assertThat(new ShardDiscovery(kinesis).streamNames()).hasSize(7).startsWith("stream-0").endsWith("stream-6");
    assertThat(kinesis.calls()).hasSize(3);
  }
}
