package dev.awsconnectors.kinesis.record;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where Kinesis puts a record: the 128-bit hash key is the ExplicitHashKey if given, else the MD5 of the partition
 * key's UTF-8 bytes as an unsigned integer; the record goes to the open shard whose hash-key range contains it.
 */
public final class HashKeys {
  /** The largest hash key, 2^128 - 1. */
  public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private HashKeys() {}

  public static BigInteger ofPartitionKey(String partitionKey) {
    return new BigInteger(1, md5(partitionKey.getBytes(StandardCharsets.UTF_8)));
  }

  /** The explicit hash key if present, else the partition key's hash. */
  public static BigInteger effective(String partitionKey, String explicitHashKey) {
    return explicitHashKey == null ? ofPartitionKey(partitionKey) : new BigInteger(explicitHashKey);
  }

  /** True if {@code value} is a valid ExplicitHashKey: a decimal integer in [0, 2^128 - 1] without leading zeros. */
  public static boolean isValidExplicitHashKey(String value) {
    if (value == null || !value.matches("0|[1-9]\\d{0,38}")) {
      return false;
    }
    return new BigInteger(value).compareTo(MAX) <= 0;
  }

  static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JVM", e);
    }
  }
}
