package dev.awsconnectors.source.kinesis.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.ShardHashRange;
import dev.awsconnectors.source.kinesis.shard.ShardLineage.Status;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardLineageTest {
  private static ShardDescription shard(String id, String... parents) {
    return new ShardDescription(id, parents.length > 0 ? Optional.of(parents[0]) : Optional.empty(),
        parents.length > 1 ? Optional.of(parents[1]) : Optional.empty(), false);
  }

  private static RecordsPage.ChildShard child(String id, String... parents) {
    return new RecordsPage.ChildShard(id, List.of(parents));
  }

  @Test
  void shardsWithoutParentsAreEligibleAtOnceAndOnlyOnce() {
    ShardLineage lineage = new ShardLineage(List.of(shard("s1"), shard("s0")), Set.of());
    assertThat(lineage.takeEligible()).containsExactly("s0", "s1");
    assertThat(lineage.takeEligible()).isEmpty();
    assertThat(lineage.count(Status.READING)).isEqualTo(2);
  }

  @Test
  void splitChildrenWaitForTheirParentToEnd() {
    ShardLineage lineage = new ShardLineage(List.of(shard("p"), shard("c1", "p"), shard("c2", "p")), Set.of());
    assertThat(lineage.takeEligible()).containsExactly("p");
    lineage.finished("p", List.of(child("c1", "p"), child("c2", "p")));
    assertThat(lineage.takeEligible()).containsExactly("c1", "c2");
  }

  @Test
  void aParentStoppedShortOfItsEndKeepsItsChildrenWaiting() {
    ShardLineage lineage = new ShardLineage(List.of(shard("p"), shard("c", "p")), Set.of());
    lineage.takeEligible();
    lineage.stopped("p");
    assertThat(lineage.takeEligible()).isEmpty();
    assertThat(lineage.status("c")).isEqualTo(Status.WAITING);
    assertThat(lineage.status("p")).isEqualTo(Status.STOPPED);
  }

  @Test
  void aMergeChildWaitsForBothParents() {
    ShardLineage lineage = new ShardLineage(List.of(shard("a"), shard("b"), shard("m", "a", "b")), Set.of());
    assertThat(lineage.takeEligible()).containsExactly("a", "b");
    lineage.finished("a", List.of(child("m", "a", "b")));
    assertThat(lineage.takeEligible()).isEmpty();
    lineage.finished("b", List.of(child("m", "a", "b")));
    assertThat(lineage.takeEligible()).containsExactly("m");
  }

  @Test
  void parentsFinishedInAnEarlierSyncDoNotHoldBackTheirChildren() {
    ShardLineage lineage = new ShardLineage(List.of(shard("a"), shard("b"), shard("m", "a", "b")), Set.of("a", "b"));
    assertThat(lineage.takeEligible()).containsExactly("m");
    assertThat(lineage.status("a")).isEqualTo(Status.FINISHED);
  }

  @Test
  void aParentThatExpiredDoesNotHoldBackItsChild() {
    ShardLineage lineage = new ShardLineage(List.of(shard("b"), shard("m", "gone", "b")), Set.of("b"));
    assertThat(lineage.takeEligible()).containsExactly("m");
  }

  @Test
  void aParentExpiringDuringTheSyncReleasesItsChild() {
    ShardLineage lineage = new ShardLineage(List.of(shard("p"), shard("c", "p")), Set.of());
    lineage.takeEligible();
    lineage.expired("p");
    assertThat(lineage.contains("p")).isFalse();
    assertThat(lineage.takeEligible()).containsExactly("c");
  }

  @Test
  void childrenCreatedDuringTheSyncArePickedUpFromTheEndOfTheirParent() {
    ShardLineage lineage = new ShardLineage(List.of(shard("a"), shard("b")), Set.of());
    lineage.takeEligible();
    lineage.finished("a", List.of(child("m", "a", "b")));
    assertThat(lineage.takeEligible()).isEmpty();
    assertThat(lineage.parentsOf("m")).containsExactly("a", "b");
    lineage.finished("b", List.of(child("m", "a", "b")));
    assertThat(lineage.takeEligible()).containsExactly("m");
    assertThat(lineage.shardIds()).containsExactlyInAnyOrder("a", "b", "m");
  }

  @Test
  void aChildAlreadyKnownIsNotAddedTwice() {
    ShardLineage lineage = new ShardLineage(List.of(shard("p"), shard("c", "p")), Set.of());
    lineage.takeEligible();
    lineage.finished("p", List.of(child("c", "p"), child("c", "p")));
    assertThat(lineage.takeEligible()).containsExactly("c");
    assertThat(lineage.takeEligible()).isEmpty();
  }

  @Test
  void aGrandchildWaitsForTheWholeChain() {
    ShardLineage lineage = new ShardLineage(List.of(shard("p"), shard("c", "p"), shard("g", "c")), Set.of());
    assertThat(lineage.takeEligible()).containsExactly("p");
    lineage.finished("p", List.of());
    assertThat(lineage.takeEligible()).containsExactly("c");
    lineage.stopped("c");
    assertThat(lineage.takeEligible()).isEmpty();
  }

  @Test
  void transitionsAreCheckedAndUnknownShardsRejected() {
    ShardLineage lineage = new ShardLineage(List.of(shard("a")), Set.of());
    assertThatThrownBy(() -> lineage.stopped("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> lineage.status("x")).isInstanceOf(IllegalArgumentException.class);
    lineage.takeEligible();
    lineage.finished("a", List.of());
    assertThatThrownBy(() -> lineage.finished("a", List.of())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void knowsTheHashRangeOfListedShardsAndOfChildrenLearnedFromTheirParentsEnd() {
    ShardHashRange low = new ShardHashRange(BigInteger.ZERO, BigInteger.TEN);
    ShardHashRange high = new ShardHashRange(BigInteger.valueOf(11), HashKeys.MAX);
    ShardLineage lineage = new ShardLineage(List.of(new ShardDescription("p", Optional.empty(), Optional.empty(),
        true, ShardHashRange.WHOLE), new ShardDescription("c1", Optional.of("p"), Optional.empty(), false, low)),
        Set.of());
    assertThat(lineage.hashRange("c1")).isEqualTo(low);
    assertThat(lineage.hashRange("unknown")).isEqualTo(ShardHashRange.WHOLE);
    lineage.takeEligible();
    lineage.finished("p", List.of(new RecordsPage.ChildShard("c1", List.of("p"), ShardHashRange.WHOLE),
        new RecordsPage.ChildShard("c2", List.of("p"), high)));
    assertThat(lineage.hashRange("c1")).as("the listing is kept").isEqualTo(low);
    assertThat(lineage.hashRange("c2")).isEqualTo(high);
    lineage.expired("c2");
    assertThat(lineage.hashRange("c2")).isEqualTo(ShardHashRange.WHOLE);
  }
}
