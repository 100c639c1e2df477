package dev.awsconnectors.kinesis.record;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A shard's hash key range (both ends inclusive, as ListShards and GetRecords' ChildShards give it), and the KPL/KCL
 * rule for the user records of an aggregate that landed on it.
 *
 * <p>Why: a KPL aggregate is built for the shard its producer's shard map predicted and is routed by one hash key.
 * After a reshard it may land on a shard whose range does not hold all its user records. The KPL then sends the
 * whole aggregate's user records again, to their new shards, and the KCL drops, on read, every aggregate that holds a
 * user record outside the range of the shard it was read from: each record is then consumed once, from the copy on
 * its own shard. destination-kinesis re-sends by this rule and source-kinesis drops by it, so the two agree.
 *
 * <p>A user record belongs to the range if its hash key does: its explicit hash key if it has one, else the MD5 of
 * its partition key's UTF-8 bytes as an unsigned 128-bit integer. An explicit hash key that is not a hash key (not
 * a decimal integer in [0, 2^128 - 1]) could not have routed anything, so no placement can be proven wrong with it:
 * such a record is treated as belonging. Pure and immutable.
 */
public record ShardHashRange(BigInteger startingHashKey, BigInteger endingHashKey) {
  /** The whole key space, which the shards of a stream that was never resharded cover between them. */
  public static final ShardHashRange WHOLE = new ShardHashRange(BigInteger.ZERO, HashKeys.MAX);

  /** Decimal digits only; 40 digits (with leading zeros) is more than any hash key needs, which bounds parsing. */
  private static final Pattern DIGITS = Pattern.compile("\\d{1,40}");

  public ShardHashRange {
    Objects.requireNonNull(startingHashKey, "startingHashKey");
    Objects.requireNonNull(endingHashKey, "endingHashKey");
    if (startingHashKey.signum() < 0 || endingHashKey.compareTo(HashKeys.MAX) > 0
        || startingHashKey.compareTo(endingHashKey) > 0) {
      throw new IllegalArgumentException("Not a hash key range: [" + startingHashKey + ", " + endingHashKey + "]");
    }
  }

  /**
   * The range as Kinesis writes it: two decimal integers.
   *
   * @throws IllegalArgumentException if they are not a range within [0, 2^128 - 1]
   */
  public static ShardHashRange of(String startingHashKey, String endingHashKey) {
    return new ShardHashRange(parse(startingHashKey), parse(endingHashKey));
  }

  public boolean contains(BigInteger hashKey) {
    return hashKey.compareTo(startingHashKey) >= 0 && hashKey.compareTo(endingHashKey) <= 0;
  }

  /** Whether {@code record} belongs to this range (see the class comment for an invalid explicit hash key). */
  public boolean holds(UserRecord record) {
    if (record.explicitHashKey() != null) {
      BigInteger explicit = hashKeyOrNull(record.explicitHashKey());
      return explicit == null || contains(explicit);
    }
    return contains(HashKeys.ofPartitionKey(record.partitionKey()));
  }

  /**
   * The KCL rule for an aggregate read from a shard with this range: keep it only if it holds every one of its user
   * records; otherwise it is misplaced and dropped whole, since its producer sent all of them again.
   */
  public boolean holdsAll(List<UserRecord> aggregate) {
    String previousKey = null;
    for (UserRecord record : aggregate) {
      // Producers often aggregate runs of one partition key: its hash was just checked.
      if (record.explicitHashKey() == null && record.partitionKey().equals(previousKey)) {
        continue;
      }
      if (!holds(record)) {
        return false;
      }
      previousKey = record.explicitHashKey() == null ? record.partitionKey() : null;
    }
    return true;
  }

  /** Whether this range is the whole key space (then nothing can be misplaced on it). */
  public boolean isWhole() {
    return equals(WHOLE);
  }

  @Override
  public String toString() {
    return "[" + startingHashKey + ", " + endingHashKey + "]";
  }

  private static BigInteger parse(String hashKey) {
    BigInteger value = hashKeyOrNull(hashKey);
    if (value == null) {
      throw new IllegalArgumentException("Not a hash key: " + hashKey);
    }
    return value;
  }

  private static BigInteger hashKeyOrNull(String text) {
    if (text == null || !DIGITS.matcher(text).matches()) {
      return null;
    }
    BigInteger value = new BigInteger(text);
    return value.compareTo(HashKeys.MAX) <= 0 ? value : null;
  }
}
