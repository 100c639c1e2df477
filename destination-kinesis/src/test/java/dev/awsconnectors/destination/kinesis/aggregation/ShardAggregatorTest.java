package dev.awsconnectors.destination.kinesis.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.destination.kinesis.aggregation.ShardAggregator.Sealed;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap.ShardRange;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.KplDeaggregator;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ShardAggregatorTest {
  static final BigInteger HALF = HashKeys.MAX.shiftRight(1);
  static final ShardMap TWO_SHARDS = new ShardMap(List.of(
      new ShardRange("shard-0", BigInteger.ZERO, HALF, true),
      new ShardRange("shard-1", HALF.add(BigInteger.ONE), HashKeys.MAX, true)));

  private static UserRecord record(String key, int size) {
    return new UserRecord(key, null, ("x".repeat(size)).getBytes(StandardCharsets.UTF_8));
  }

  private final ShardAggregator<UserRecord> aggregator = new ShardAggregator<>(TWO_SHARDS, 10_000,
      Function.identity());

  @Test
  void everyAggregateHoldsRecordsOfOneShardOnlyAndLandsThere() {
    for (int i = 0; i < 200; i++) {
      assertThat(aggregator.add(record("key-" + i, 20), 0)).isEmpty();
    }
    List<Sealed<UserRecord>> sealed = aggregator.sealAll();
    assertThat(sealed).hasSize(2);
    int total = 0;
    for (Sealed<UserRecord> s : sealed) {
      assertThat(s.aggregated()).isTrue();
      BigInteger outer = new BigInteger(s.explicitHashKey());
      assertThat(s.shard().contains(outer)).as("outer ExplicitHashKey inside the shard").isTrue();
      List<UserRecord> inside = KplDeaggregator.deaggregate(s.data()).orElseThrow();
      total += inside.size();
      for (UserRecord r : inside) {
        assertThat(s.shard().contains(HashKeys.ofPartitionKey(r.partitionKey()))).isTrue();
      }
    }
    assertThat(total).isEqualTo(200);
  }

  @Test
  void keepsArrivalOrderWithinAShard() {
    List<UserRecord> added = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      UserRecord r = record("same-key", 10 + i);
      added.add(r);
      aggregator.add(r, 0);
    }
    Sealed<UserRecord> only = aggregator.sealAll().get(0);
    assertThat(only.members()).containsExactlyElementsOf(added);
    List<UserRecord> inside = KplDeaggregator.deaggregate(only.data()).orElseThrow();
    for (int i = 0; i < inside.size(); i++) {
      assertThat(inside.get(i).data()).isEqualTo(added.get(i).data());
    }
  }

  @Test
  void sealsAFullAggregateAndStartsANewOneWithinTheSizeLimit() {
    List<Sealed<UserRecord>> sealed = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sealed.addAll(aggregator.add(record("k", 500), 0));
    }
    sealed.addAll(aggregator.sealAll());
    assertThat(sealed.size()).isGreaterThan(4);
    assertThat(sealed).allSatisfy(s -> assertThat(s.requestBytes()).isLessThanOrEqualTo(10_000));
    assertThat(sealed.stream().mapToInt(s -> s.members().size()).sum()).isEqualTo(100);
  }

  @Test
  void aSingleRecordTravelsPlain() {
    UserRecord r = record("lonely", 10);
    aggregator.add(r, 0);
    Sealed<UserRecord> s = aggregator.sealAll().get(0);
    assertThat(s.aggregated()).isFalse();
    assertThat(s.data()).isSameAs(r.data());
    assertThat(s.partitionKey()).isEqualTo("lonely");
    assertThat(s.explicitHashKey()).isNull();
  }

  @Test
  void aRecordTooLargeToShareTravelsAloneAfterWhatCameBefore() {
    UserRecord small = record("k", 10);
    UserRecord big = record("k", 20_000);
    aggregator.add(small, 0);
    aggregator.add(record("k", 10), 0);
    List<Sealed<UserRecord>> sealed = aggregator.add(big, 0);
    assertThat(sealed).hasSize(2);
    assertThat(sealed.get(0).members()).hasSize(2);
    assertThat(sealed.get(1).members()).containsExactly(big);
    assertThat(sealed.get(1).aggregated()).isFalse();
    assertThat(aggregator.isEmpty()).isTrue();
  }

  @Test
  void explicitHashKeysRouteRecords() {
    UserRecord low = new UserRecord("a", "1", new byte[] {1});
    UserRecord high = new UserRecord("a", HashKeys.MAX.toString(), new byte[] {2});
    aggregator.add(low, 0);
    aggregator.add(high, 0);
    List<Sealed<UserRecord>> sealed = aggregator.sealAll();
    assertThat(sealed).extracting(s -> s.shard().shardId()).containsExactlyInAnyOrder("shard-0", "shard-1");
  }

  @Test
  void sealsOnlyAggregatesOpenedBeforeTheDeadline() {
    aggregator.add(new UserRecord("a", "1", new byte[] {1}), 100);
    aggregator.add(new UserRecord("b", HashKeys.MAX.toString(), new byte[] {2}), 200);
    assertThat(aggregator.oldestOpenedNanos()).hasValue(100);
    assertThat(aggregator.sealOpenedBefore(150)).extracting(s -> s.shard().shardId()).containsExactly("shard-0");
    assertThat(aggregator.oldestOpenedNanos()).hasValue(200);
    assertThat(aggregator.sealOpenedBefore(150)).isEmpty();
  }
}
