package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap.ShardRange;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Shard maps and records for the send tests: a parent shard split in two halves, and keys for each half. */
final class ShardLayouts {
  static final BigInteger MIDDLE = HashKeys.MAX.shiftRight(1);
  static final ShardRange PARENT_OPEN = new ShardRange("shardId-000000000000", BigInteger.ZERO, HashKeys.MAX, true);
  static final ShardRange PARENT_CLOSED = new ShardRange("shardId-000000000000", BigInteger.ZERO, HashKeys.MAX, false);
  static final ShardRange LOW = new ShardRange("shardId-000000000001", BigInteger.ZERO, MIDDLE, true);
  static final ShardRange HIGH = new ShardRange("shardId-000000000002", MIDDLE.add(BigInteger.ONE), HashKeys.MAX,
      true);

  static final ShardMap ONE_SHARD = new ShardMap(List.of(PARENT_OPEN));
  static final ShardMap SPLIT = new ShardMap(List.of(PARENT_CLOSED, LOW, HIGH));

  private ShardLayouts() {}

  /** The {@code n}-th partition key (counting from 0) whose hash lies in the lower (or upper) half. */
  static String key(boolean low, int n) {
    int found = 0;
    for (int i = 0; ; i++) {
      String key = (low ? "low-" : "high-") + i;
      if (HashKeys.ofPartitionKey(key).compareTo(MIDDLE) <= 0 == low && found++ == n) {
        return key;
      }
    }
  }

  static Member member(String key) {
    return new Member(new UserRecord(key, null, ("{\"k\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8)), null,
        64);
  }
}
