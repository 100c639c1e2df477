package dev.awsconnectors.destination.kinesis.send;

import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.HIGH;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.LOW;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.ONE_SHARD;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.PARENT_OPEN;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.SPLIT;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.key;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsBatcher;
import dev.awsconnectors.destination.kinesis.send.SendSchedule.Seal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LaneTest {
  private final PutRecordsBatcher<PutEntry> batcher = new PutRecordsBatcher<>(500, 5 << 20, e -> e.requestBytes);
  private final List<PutEntry> acknowledged = new ArrayList<>();

  private Lane plain(boolean preserveKeyOrder) {
    return new Lane("orders", preserveKeyOrder, 0, Optional.empty(), acknowledged::add);
  }

  private Lane aggregating(Optional<ShardMap> map) {
    return new Lane("orders", true, 64 * 1024, map, acknowledged::add);
  }

  private static List<String> keys(List<PutEntry> entries) {
    return entries.stream().map(e -> e.partitionKey).toList();
  }

  @Test
  void oneEntryPerKeyIsReleasedUntilItIsStored() {
    Lane lane = plain(true);
    lane.accept(member("a"), 1);
    lane.accept(member("b"), 2);
    lane.accept(member("a"), 3);
    assertThat(lane.readyCount()).isEqualTo(2);
    assertThat(lane.oldestReadyNanos()).isEqualTo(1);
    List<PutEntry> first = lane.take(batcher);
    assertThat(keys(first)).containsExactly("a", "b");
    assertThat(lane.inFlight()).isEqualTo(1);
    assertThat(lane.readyCount()).isZero();
    assertThat(lane.readyBytes()).isZero();

    lane.completed();
    lane.stored(first.get(0), 10);
    assertThat(lane.readyCount()).as("the second 'a' is released").isEqualTo(1);
    assertThat(lane.oldestReadyNanos()).isEqualTo(10);
    assertThat(acknowledged).containsExactly(first.get(0));
  }

  @Test
  void withoutKeyOrderEveryEntryIsReadyAtOnce() {
    Lane lane = plain(false);
    for (int i = 0; i < 3; i++) {
      lane.accept(member("same"), i);
    }
    assertThat(lane.readyCount()).isEqualTo(3);
  }

  @Test
  void anEntryDueAgainGoesBeforeWhatIsReady() {
    Lane lane = plain(true);
    lane.accept(member("a"), 1);
    PutEntry failed = lane.take(batcher).get(0);
    lane.completed();
    lane.accept(member("b"), 2);
    lane.retryDue(failed);
    assertThat(keys(lane.take(batcher))).containsExactly("a", "b");
  }

  @Test
  void recordsWaitForTheFirstShardMapThenAreAggregatedPerShard() {
    Lane lane = aggregating(Optional.empty());
    assertThat(lane.needsMap()).isTrue();
    lane.accept(member(key(true, 0)), 1);
    lane.accept(member(key(false, 0)), 1);
    lane.accept(member(key(true, 1)), 1);
    assertThat(lane.readyCount()).isZero();
    assertThat(lane.oldestOpenNanos()).isEmpty();

    assertThat(lane.mapListed(SPLIT, 1, 2)).isEmpty();
    assertThat(lane.needsMap()).isFalse();
    assertThat(lane.oldestOpenNanos()).hasValue(2);
    lane.seal(Seal.ALL, 0, 3);
    List<PutEntry> entries = lane.take(batcher);
    assertThat(entries).extracting(e -> e.gateKey).containsExactly(LOW.shardId(), HIGH.shardId());
    assertThat(entries).extracting(e -> e.predictedShard).as("a lone record is sent plain: it lands anywhere")
        .containsExactly(LOW.shardId(), null);
    assertThat(entries.get(0).members).hasSize(2);
  }

  @Test
  void onlyAgedAggregatesAreSealedOnAgedSeal() {
    Lane lane = aggregating(Optional.of(SPLIT));
    lane.accept(member(key(true, 0)), 100);
    lane.accept(member(key(false, 0)), 200);
    lane.seal(Seal.AGED, 150, 300);
    assertThat(lane.take(batcher)).extracting(e -> e.gateKey).containsExactly(LOW.shardId());
    assertThat(lane.oldestOpenNanos()).hasValue(200);
    lane.seal(Seal.NONE, 1_000, 1_000);
    assertThat(lane.readyCount()).isZero();
  }

  @Test
  void aggregatesOfANewLayoutWaitForTheOldOnes() {
    Lane lane = aggregating(Optional.of(ONE_SHARD));
    lane.accept(member(key(true, 0)), 1);
    lane.seal(Seal.ALL, 0, 1);
    PutEntry old = lane.take(batcher).get(0);
    lane.accept(member(key(true, 1)), 2); // still aggregated for the parent: sealed into epoch 0 below

    assertThat(lane.mapListed(SPLIT, 3, 3)).isEmpty();
    assertThat(lane.readyCount()).as("the parent's second aggregate waits behind the first (same shard)").isZero();
    lane.accept(member(key(true, 2)), 4);
    lane.seal(Seal.ALL, 0, 4);
    assertThat(lane.readyCount()).as("the new layout's aggregate waits for epoch 0").isZero();

    lane.completed();
    lane.stored(old, 5);
    List<PutEntry> next = lane.take(batcher);
    assertThat(next).extracting(e -> e.epoch).containsExactly(0L);
    lane.completed();
    lane.stored(next.get(0), 6);
    assertThat(lane.take(batcher)).extracting(e -> e.epoch).containsExactly(1L);
  }

  @Test
  void aMisplacedAggregateIsRepairedFirstAndDoneOnlyWhenEveryRepairIsStored() {
    Lane lane = aggregating(Optional.of(ONE_SHARD));
    List<Member> members = List.of(member(key(true, 0)), member(key(false, 0)), member(key(true, 1)),
        member(key(false, 1)));
    members.forEach(m -> lane.accept(m, 1));
    lane.seal(Seal.ALL, 0, 1);
    PutEntry misplaced = lane.take(batcher).get(0);
    lane.accept(member(key(false, 2)), 2);
    lane.seal(Seal.ALL, 0, 2);
    assertThat(lane.readyCount()).as("waits behind the aggregate in flight").isZero();
    lane.completed();

    assertThat(lane.misplaced(misplaced, LOW.shardId(), 3)).as("the map does not know the shard").hasValue(3);
    assertThat(lane.needsMap()).isTrue();
    assertThat(lane.mapListed(SPLIT, 4, 4)).isEmpty();
    List<PutEntry> repairs = lane.take(batcher);
    assertThat(repairs).extracting(e -> e.predictedShard).containsExactly(LOW.shardId(), HIGH.shardId());
    assertThat(repairs).allMatch(r -> r.repairOf == misplaced && r.gateKey == null && r.epoch == 0);
    assertThat(repairs.get(0).members).containsExactly(members.get(0), members.get(2));
    lane.completed();

    lane.stored(repairs.get(0), 5);
    assertThat(lane.readyCount()).isZero();
    lane.stored(repairs.get(1), 5);
    assertThat(acknowledged).containsExactlyElementsOf(repairs);
    assertThat(lane.readyCount()).as("the aggregate behind it goes now").isEqualTo(1);
    assertThat(lane.resentAggregates()).isEqualTo(1);
  }

  @Test
  void aMisplacedAggregateTheShardItLandedOnHoldsIsKept() {
    Lane lane = aggregating(Optional.of(SPLIT));
    lane.accept(member(key(true, 0)), 1);
    lane.accept(member(key(true, 1)), 1);
    lane.seal(Seal.ALL, 0, 1);
    PutEntry entry = lane.take(batcher).get(0);
    lane.completed();
    assertThat(lane.misplaced(entry, PARENT_OPEN.shardId(), 2)).isEmpty();
    assertThat(acknowledged).containsExactly(entry);
    assertThat(lane.resentAggregates()).isZero();
  }

  @Test
  void aParkedAggregateWaitsForAListingStartedAfterItLanded() {
    Lane lane = aggregating(Optional.of(ONE_SHARD));
    lane.accept(member(key(true, 0)), 1);
    lane.accept(member(key(false, 0)), 1);
    lane.seal(Seal.ALL, 0, 1);
    PutEntry entry = lane.take(batcher).get(0);
    lane.completed();
    assertThat(lane.misplaced(entry, "shardId-000000000009", 10)).hasValue(10);
    assertThat(lane.mapListed(SPLIT, 9, 11)).as("listed before the landing").isEqualTo(OptionalLong.of(10));
    assertThat(lane.mapListed(SPLIT, 10, 12)).as("listed after: the records go again").isEmpty();
    assertThat(lane.take(batcher)).hasSize(2);
  }

  @Test
  void aFailedListingIsFatalOnlyWhenTheLaneCannotGoOnWithoutIt() {
    TransientErrorException failure = new TransientErrorException("ListShards failed");
    Lane withMap = aggregating(Optional.of(ONE_SHARD));
    withMap.listingFailed(failure, false);

    Lane withoutMap = aggregating(Optional.empty());
    withoutMap.listingFailed(failure, true);
    assertThatThrownBy(() -> withoutMap.listingFailed(failure, false)).isSameAs(failure);
  }
}
