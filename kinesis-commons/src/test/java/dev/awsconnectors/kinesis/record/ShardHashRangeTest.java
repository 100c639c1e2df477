package dev.awsconnectors.kinesis.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

class ShardHashRangeTest {
  private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
  /** MD5("a") = 0cc175b9c0f1b6a831c399e269772661. */
  private static final BigInteger MD5_A = new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16);
  private static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);

  private static ShardHashRange range(BigInteger start, BigInteger end) {
    return new ShardHashRange(start, end);
  }

  private static UserRecord byKey(String partitionKey) {
    return new UserRecord(partitionKey, null, new byte[0]);
  }

  private static UserRecord byHash(BigInteger explicitHashKey) {
    return new UserRecord("ignored", explicitHashKey.toString(), new byte[0]);
  }

  @Test
  void bothEndsAreInsideAndTheirNeighboursOutside() {
    BigInteger start = new BigInteger("1000");
    BigInteger end = new BigInteger("2000");
    ShardHashRange r = range(start, end);
    assertThat(r.contains(start)).isTrue();
    assertThat(r.contains(end)).isTrue();
    assertThat(r.contains(start.add(BigInteger.ONE))).isTrue();
    assertThat(r.contains(start.subtract(BigInteger.ONE))).isFalse();
    assertThat(r.contains(end.add(BigInteger.ONE))).isFalse();
    assertThat(r.contains(BigInteger.ZERO)).isFalse();
    assertThat(r.contains(MAX)).isFalse();
  }

  @Test
  void theWholeKeySpaceHoldsZeroAndTheLargestKey() {
    assertThat(ShardHashRange.WHOLE.contains(BigInteger.ZERO)).isTrue();
    assertThat(ShardHashRange.WHOLE.contains(MAX)).isTrue();
    assertThat(ShardHashRange.WHOLE.isWhole()).isTrue();
    assertThat(ShardHashRange.of("0", MAX.toString())).isEqualTo(ShardHashRange.WHOLE);
    assertThat(range(HALF, MAX).isWhole()).isFalse();
    assertThat(range(HALF, MAX).contains(MAX)).isTrue();
    assertThat(range(BigInteger.ZERO, HALF.subtract(BigInteger.ONE)).contains(HALF)).isFalse();
  }

  @Test
  void aOneKeyRangeHoldsExactlyThatKey() {
    ShardHashRange r = range(MAX, MAX);
    assertThat(r.contains(MAX)).isTrue();
    assertThat(r.contains(MAX.subtract(BigInteger.ONE))).isFalse();
    assertThat(range(BigInteger.ZERO, BigInteger.ZERO).contains(BigInteger.ZERO)).isTrue();
    assertThat(range(BigInteger.ZERO, BigInteger.ZERO).contains(BigInteger.ONE)).isFalse();
  }

  @Test
  void rejectsWhatIsNotARange() {
    assertThatThrownBy(() -> range(BigInteger.TWO, BigInteger.ONE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> range(BigInteger.valueOf(-1), BigInteger.ONE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> range(BigInteger.ZERO, MAX.add(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> range(null, BigInteger.ONE)).isInstanceOf(NullPointerException.class);
    for (String bad : new String[] {"-1", "abc", "", " 1", "1.0", MAX.add(BigInteger.ONE).toString(),
        "9".repeat(41)}) {
      assertThatThrownBy(() -> ShardHashRange.of(bad, MAX.toString())).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a hash key");
    }
    assertThatThrownBy(() -> ShardHashRange.of("0", null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesKinesisDecimalStrings() {
    ShardHashRange r = ShardHashRange.of("170141183460469231731687303715884105728", MAX.toString());
    assertThat(r.startingHashKey()).isEqualTo(HALF);
    assertThat(r.endingHashKey()).isEqualTo(MAX);
    assertThat(r).hasToString("[" + HALF + ", " + MAX + "]");
  }

  @Test
  void aPartitionKeyBelongsWhereItsMd5AsAnUnsignedIntegerFalls() {
    assertThat(range(MD5_A, MD5_A).holds(byKey("a"))).isTrue();
    assertThat(range(BigInteger.ZERO, MD5_A).holds(byKey("a"))).isTrue();
    assertThat(range(BigInteger.ZERO, MD5_A.subtract(BigInteger.ONE)).holds(byKey("a"))).isFalse();
    assertThat(range(MD5_A.add(BigInteger.ONE), MAX).holds(byKey("a"))).isFalse();
    // A hash with the top bit set must not be read as a negative number.
    String highKey = findKeyWithTopBit();
    assertThat(range(HALF, MAX).holds(byKey(highKey))).isTrue();
    assertThat(range(BigInteger.ZERO, HALF.subtract(BigInteger.ONE)).holds(byKey(highKey))).isFalse();
  }

  @Test
  void anExplicitHashKeyDecidesInsteadOfThePartitionKey() {
    ShardHashRange lowerHalf = range(BigInteger.ZERO, HALF.subtract(BigInteger.ONE));
    UserRecord keyOutsideHashInside = new UserRecord(findKeyWithTopBit(), "0", new byte[0]);
    UserRecord keyInsideHashOutside = new UserRecord("a", MAX.toString(), new byte[0]);
    assertThat(lowerHalf.holds(keyOutsideHashInside)).isTrue();
    assertThat(lowerHalf.holds(keyInsideHashOutside)).isFalse();
    assertThat(lowerHalf.holds(byHash(HALF.subtract(BigInteger.ONE)))).isTrue();
    assertThat(lowerHalf.holds(byHash(HALF))).isFalse();
    assertThat(range(HALF, MAX).holds(byHash(MAX))).isTrue();
    assertThat(range(HALF, MAX).holds(byHash(BigInteger.ZERO))).isFalse();
  }

  @Test
  void anExplicitHashKeyThatIsNotAHashKeyCannotProveAMisplacement() {
    ShardHashRange narrow = range(BigInteger.ONE, BigInteger.TWO);
    for (String invalid : new String[] {"abc", "-5", MAX.add(BigInteger.ONE).toString(), "", "1e3"}) {
      assertThat(narrow.holds(new UserRecord("a", invalid, new byte[0]))).as(invalid).isTrue();
    }
    assertThat(narrow.holds(new UserRecord("a", "0002", new byte[0]))).as("leading zeros").isTrue();
    assertThat(narrow.holds(new UserRecord("a", "0003", new byte[0]))).as("leading zeros").isFalse();
  }

  @Test
  void anAggregateIsKeptOnlyIfTheShardHoldsEveryOneOfItsRecords() {
    ShardHashRange lowerHalf = range(BigInteger.ZERO, HALF.subtract(BigInteger.ONE));
    UserRecord in = byHash(BigInteger.TEN);
    UserRecord out = byHash(HALF);
    assertThat(lowerHalf.holdsAll(List.of())).isTrue();
    assertThat(lowerHalf.holdsAll(List.of(in, in, in))).isTrue();
    assertThat(lowerHalf.holdsAll(List.of(out, in, in))).isFalse();
    assertThat(lowerHalf.holdsAll(List.of(in, out, in))).isFalse();
    assertThat(lowerHalf.holdsAll(List.of(in, in, out))).isFalse();
    assertThat(ShardHashRange.WHOLE.holdsAll(List.of(in, out, byKey("a")))).isTrue();
  }

  @Test
  void runsOfOnePartitionKeyDoNotHideADifferentKeyOrAnExplicitHashKey() {
    String low = findKey(false);
    String high = findKeyWithTopBit();
    ShardHashRange lowerHalf = range(BigInteger.ZERO, HALF.subtract(BigInteger.ONE));
    assertThat(lowerHalf.holdsAll(List.of(byKey(low), byKey(low), byKey(low)))).isTrue();
    assertThat(lowerHalf.holdsAll(List.of(byKey(low), byKey(low), byKey(high)))).isFalse();
    // Same partition key, but the second record is placed by its explicit hash key.
    assertThat(lowerHalf.holdsAll(List.of(byKey(low), new UserRecord(low, HALF.toString(), new byte[0]))))
        .isFalse();
    // Placed by an explicit hash key first, then by the same partition key's own hash.
    assertThat(lowerHalf.holdsAll(List.of(new UserRecord(high, "1", new byte[0]), byKey(high)))).isFalse();
  }

  /** The decision agrees with the KCL's de-aggregator, which keeps an aggregate whole or drops it whole. */
  @Test
  void agreesWithTheKclOnRandomAggregatesAndRanges() {
    Random random = new Random(42);
    AggregatorUtil kcl = new AggregatorUtil();
    int kept = 0;
    int dropped = 0;
    for (int round = 0; round < 400; round++) {
      BigInteger a = new BigInteger(128, random);
      BigInteger b = random.nextInt(10) == 0 ? a : new BigInteger(128, random);
      ShardHashRange r = range(a.min(b), a.max(b));
      KplAggregate aggregate = new KplAggregate(KinesisLimits.RECORD_MAX_BYTES);
      List<UserRecord> users = new ArrayList<>();
      int n = 1 + random.nextInt(random.nextBoolean() ? 3 : 30);
      for (int i = 0; i < n; i++) {
        String ehk = null;
        int kind = random.nextInt(4);
        if (kind == 0) {
          ehk = new BigInteger(128, random).toString();
        } else if (kind == 1) {
          // On an edge of the range or just outside it.
          BigInteger edge = random.nextBoolean() ? r.startingHashKey() : r.endingHashKey();
          BigInteger candidate = edge.add(BigInteger.valueOf(random.nextInt(3) - 1));
          ehk = candidate.signum() < 0 || candidate.compareTo(MAX) > 0 ? edge.toString() : candidate.toString();
        }
        UserRecord u = new UserRecord("pk-" + random.nextInt(random.nextBoolean() ? 2 : 1000), ehk,
            ("r" + i).getBytes(StandardCharsets.UTF_8));
        users.add(u);
        assertThat(aggregate.tryAdd(u)).isTrue();
      }
      KplAggregate.Aggregated out = aggregate.drain().orElseThrow();
      KinesisClientRecord container = KinesisClientRecord.builder().data(ByteBuffer.wrap(out.data()))
          .partitionKey(out.partitionKey()).sequenceNumber("49590338271490256608559692538361571095921575989136588898")
          .approximateArrivalTimestamp(Instant.EPOCH).build();
      List<KinesisClientRecord> kclKept = kcl.deaggregate(List.of(container), r.startingHashKey(),
          r.endingHashKey());
      boolean ours = r.holdsAll(KplDeaggregator.deaggregate(out.data()).orElseThrow());
      assertThat(ours).as("round %d, range %s", round, r).isEqualTo(!kclKept.isEmpty());
      if (ours) {
        assertThat(kclKept).hasSize(users.size());
        kept++;
      } else {
        dropped++;
      }
    }
    assertThat(kept).as("both outcomes are exercised").isGreaterThan(20);
    assertThat(dropped).isGreaterThan(20);
  }

  private static String findKeyWithTopBit() {
    return findKey(true);
  }

  private static String findKey(boolean topBit) {
    for (int i = 0;; i++) {
      String key = "key-" + i;
      if (HashKeys.ofPartitionKey(key).testBit(127) == topBit) {
        return key;
      }
    }
  }
}
