package dev.awsconnectors.destination.kinesis.send;

import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.HIGH;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.LOW;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.ONE_SHARD;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.SPLIT;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.key;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.member;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.destination.kinesis.aggregation.ShardAggregator.Sealed;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.send.MisplacedRepair.Decision;
import dev.awsconnectors.destination.kinesis.send.MisplacedRepair.Keep;
import dev.awsconnectors.destination.kinesis.send.MisplacedRepair.Resend;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MisplacedRepairTest {
  private final List<Member> mixed = List.of(member(key(true, 0)), member(key(false, 0)), member(key(true, 1)),
      member(key(false, 1)), member(key(true, 2)));
  private final List<Member> lowOnly = List.of(member(key(true, 0)), member(key(true, 1)));

  @Test
  void anAggregateWhoseRecordsAllBelongToTheShardItLandedOnIsKept() {
    assertThat(MisplacedRepair.decide(lowOnly, LOW.shardId(), SPLIT, false, 64 * 1024)).containsInstanceOf(Keep.class);
  }

  @Test
  void anAggregateWithRecordsOutsideTheShardItLandedOnIsSentAgainPerNewShardInOrder() {
    Optional<Decision> decision = MisplacedRepair.decide(mixed, LOW.shardId(), SPLIT, false, 64 * 1024);
    assertThat(decision).containsInstanceOf(Resend.class);
    List<Sealed<Member>> records = ((Resend) decision.get()).records();
    assertThat(records).extracting(s -> s.shard().shardId()).containsExactly(LOW.shardId(), HIGH.shardId());
    assertThat(records.get(0).members()).containsExactly(mixed.get(0), mixed.get(2), mixed.get(4));
    assertThat(records.get(1).members()).containsExactly(mixed.get(1), mixed.get(3));
    assertThat(records).allMatch(Sealed::aggregated);
  }

  @Test
  void aSmallAggregateLimitSplitsTheRecordsSentAgainInOrder() {
    List<Member> many = List.of(member(key(true, 0)), member(key(true, 1)), member(key(true, 2)),
        member(key(true, 3)), member(key(false, 0)));
    List<Sealed<Member>> records = ((Resend) MisplacedRepair.decide(many, HIGH.shardId(), SPLIT, false, 80)
        .orElseThrow()).records();
    List<Member> lowInOrder = records.stream().filter(s -> s.shard().equals(LOW)).flatMap(s -> s.members().stream())
        .toList();
    assertThat(lowInOrder).containsExactlyElementsOf(many.subList(0, 4));
    assertThat(records.stream().filter(s -> s.shard().equals(LOW)).count()).isGreaterThan(1);
  }

  @Test
  void aMapThatDoesNotKnowTheShardWaitsForANewerListing() {
    assertThat(MisplacedRepair.decide(mixed, LOW.shardId(), ONE_SHARD, false, 64 * 1024)).isEmpty();
  }

  @Test
  void aMapListedAfterTheLandingThatStillDoesNotKnowTheShardCannotProveItKept() {
    // Cannot happen with a consistent service, but must not wait forever either.
    Optional<Decision> decision = MisplacedRepair.decide(lowOnly, "shardId-999999999999", SPLIT, true, 64 * 1024);
    assertThat(decision).containsInstanceOf(Resend.class);
    assertThat(((Resend) decision.get()).records()).hasSize(1);
  }

  @Test
  void holdsAllChecksEveryRecordAgainstTheRange() {
    assertThat(MisplacedRepair.holdsAll(LOW, lowOnly)).isTrue();
    assertThat(MisplacedRepair.holdsAll(HIGH, lowOnly)).isFalse();
    assertThat(MisplacedRepair.holdsAll(LOW, mixed)).isFalse();
    assertThat(MisplacedRepair.holdsAll(new ShardMap(List.of(ShardLayouts.PARENT_OPEN)).shard(
        ShardLayouts.PARENT_OPEN.shardId()).orElseThrow(), mixed)).isTrue();
  }
}
