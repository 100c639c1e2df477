package dev.awsconnectors.destination.kinesis.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.destination.kinesis.aggregation.ShardMap.ShardRange;
import dev.awsconnectors.kinesis.record.HashKeys;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardMapTest {
  private static final BigInteger HALF = HashKeys.MAX.shiftRight(1);
  private static final BigInteger QUARTER = HashKeys.MAX.shiftRight(2);

  /** shard-0 was split into shard-1 (low half) and shard-2 (high half). */
  private final ShardMap afterSplit = new ShardMap(List.of(
      new ShardRange("shard-0", BigInteger.ZERO, HashKeys.MAX, false),
      new ShardRange("shard-1", BigInteger.ZERO, HALF, true),
      new ShardRange("shard-2", HALF.add(BigInteger.ONE), HashKeys.MAX, true)));

  @Test
  void routesToTheOpenShardHoldingTheHashKey() {
    assertThat(afterSplit.route(BigInteger.ZERO).shardId()).isEqualTo("shard-1");
    assertThat(afterSplit.route(HALF).shardId()).isEqualTo("shard-1");
    assertThat(afterSplit.route(HALF.add(BigInteger.ONE)).shardId()).isEqualTo("shard-2");
    assertThat(afterSplit.route(HashKeys.MAX).shardId()).isEqualTo("shard-2");
  }

  @Test
  void knowsClosedShardsForLookupButNeverRoutesToThem() {
    assertThat(afterSplit.shard("shard-0")).isPresent();
    assertThat(afterSplit.openShardIds()).containsExactlyInAnyOrder("shard-1", "shard-2");
    assertThat(afterSplit.shard("shard-9")).isEmpty();
  }

  @Test
  void comparesRoutingNotListing() {
    ShardMap same = new ShardMap(List.of(new ShardRange("shard-1", BigInteger.ZERO, HALF, true),
        new ShardRange("shard-2", HALF.add(BigInteger.ONE), HashKeys.MAX, true)));
    ShardMap resplit = new ShardMap(List.of(new ShardRange("shard-3", BigInteger.ZERO, QUARTER, true),
        new ShardRange("shard-4", QUARTER.add(BigInteger.ONE), HALF, true),
        new ShardRange("shard-2", HALF.add(BigInteger.ONE), HashKeys.MAX, true)));
    assertThat(afterSplit.sameRouting(same)).isTrue();
    assertThat(afterSplit.sameRouting(resplit)).isFalse();
  }

  @Test
  void aGapInAListingTakenMidReshardStillRoutesSomewhere() {
    ShardMap gap = new ShardMap(List.of(new ShardRange("shard-2", HALF.add(BigInteger.ONE), HashKeys.MAX, true)));
    assertThat(gap.route(BigInteger.ONE).shardId()).isEqualTo("shard-2");
  }

  @Test
  void needsAnOpenShard() {
    assertThatThrownBy(() -> new ShardMap(List.of(new ShardRange("s", BigInteger.ZERO, HashKeys.MAX, false))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
