package dev.awsconnectors.kinesis.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Packs user records into one Kinesis record in the KPL aggregation format, which the KCL (and our source)
 * de-aggregate transparently:
 *
 * <pre>
 * F3 89 9A C2 | protobuf AggregatedRecord | MD5 of the protobuf bytes (16)
 * AggregatedRecord { repeated string partition_key_table = 1; repeated string explicit_hash_key_table = 2;
 *                    repeated Record records = 3; }
 * Record { required uint64 partition_key_index = 1; optional uint64 explicit_hash_key_index = 2;
 *          required bytes data = 3; }
 * </pre>
 *
 * Keys are de-duplicated in the tables. The Kinesis record takes the first user record's partition key and explicit
 * hash key, so it lands where the first user record would: the caller must only add records that map to the same
 * shard. The size is tracked exactly, so {@link #tryAdd} never lets the Kinesis record (data plus partition key)
 * exceed the limit given. Not thread-safe.
 *
 * @see <a href="https://github.com/awslabs/amazon-kinesis-producer/blob/master/aggregation-format.md">format</a>
 */
public final class KplAggregate {
  static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
  static final int DIGEST_BYTES = 16;
  static final int PARTITION_KEY_TABLE = 1;
  static final int EXPLICIT_HASH_KEY_TABLE = 2;
  static final int RECORDS = 3;
  static final int RECORD_PARTITION_KEY_INDEX = 1;
  static final int RECORD_EXPLICIT_HASH_KEY_INDEX = 2;
  static final int RECORD_DATA = 3;

  private final int maxRecordBytes;
  private final Map<String, Integer> partitionKeyIndex = new HashMap<>();
  private final Map<String, Integer> hashKeyIndex = new HashMap<>();
  private final List<byte[]> partitionKeys = new ArrayList<>();
  private final List<byte[]> hashKeys = new ArrayList<>();
  private final List<Entry> entries = new ArrayList<>();
  private int protobufBytes;
  private String outerPartitionKey;
  private String outerExplicitHashKey;

  private record Entry(int partitionKeyIndex, int hashKeyIndex, byte[] data) {}

  /** The finished Kinesis record: put it with this partition key and explicit hash key (which may be null). */
  public record Aggregated(String partitionKey, String explicitHashKey, byte[] data, int userRecords) {}

  /** @param maxRecordBytes the largest Kinesis record (data plus partition key) this aggregate may become */
  public KplAggregate(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Adds the record if the aggregate stays within the limit; returns false (and changes nothing) otherwise. */
  public boolean tryAdd(UserRecord record) {
    int size = sizeWith(record);
    if (size > maxRecordBytes) {
      return false;
    }
    if (entries.isEmpty()) {
      outerPartitionKey = record.partitionKey();
      outerExplicitHashKey = record.explicitHashKey();
    }
    Integer pk = partitionKeyIndex.get(record.partitionKey());
    if (pk == null) {
      pk = partitionKeys.size();
      byte[] key = record.partitionKey().getBytes(StandardCharsets.UTF_8);
      partitionKeys.add(key);
      partitionKeyIndex.put(record.partitionKey(), pk);
      protobufBytes += Protobuf.fieldSize(key.length);
    }
    int ehk = -1;
    if (record.explicitHashKey() != null) {
      Integer existing = hashKeyIndex.get(record.explicitHashKey());
      if (existing == null) {
        existing = hashKeys.size();
        byte[] key = record.explicitHashKey().getBytes(StandardCharsets.UTF_8);
        hashKeys.add(key);
        hashKeyIndex.put(record.explicitHashKey(), existing);
        protobufBytes += Protobuf.fieldSize(key.length);
      }
      ehk = existing;
    }
    protobufBytes += Protobuf.fieldSize(entrySize(pk, ehk, record.data().length));
    entries.add(new Entry(pk, ehk, record.data()));
    return true;
  }

  /** The Kinesis record size (data plus partition key) if {@code record} were added. */
  public int sizeWith(UserRecord record) {
    int proto = protobufBytes;
    int pk;
    Integer knownPk = partitionKeyIndex.get(record.partitionKey());
    if (knownPk == null) {
      pk = partitionKeys.size();
      proto += Protobuf.fieldSize(record.partitionKey().getBytes(StandardCharsets.UTF_8).length);
    } else {
      pk = knownPk;
    }
    int ehk = -1;
    if (record.explicitHashKey() != null) {
      Integer knownEhk = hashKeyIndex.get(record.explicitHashKey());
      if (knownEhk == null) {
        ehk = hashKeys.size();
        proto += Protobuf.fieldSize(record.explicitHashKey().getBytes(StandardCharsets.UTF_8).length);
      } else {
        ehk = knownEhk;
      }
    }
    proto += Protobuf.fieldSize(entrySize(pk, ehk, record.data().length));
    String outerKey = entries.isEmpty() ? record.partitionKey() : outerPartitionKey;
    return MAGIC.length + proto + DIGEST_BYTES + outerKey.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The Kinesis record size (data plus partition key) of what has been added so far. */
  public int sizeBytes() {
    return entries.isEmpty() ? 0
        : MAGIC.length + protobufBytes + DIGEST_BYTES + outerPartitionKey.getBytes(StandardCharsets.UTF_8).length;
  }

  public int count() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Encodes what has been added and clears the aggregate for reuse; empty if nothing was added. */
  public Optional<Aggregated> drain() {
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    byte[] out = new byte[MAGIC.length + protobufBytes + DIGEST_BYTES];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    Protobuf.Writer w = new Protobuf.Writer(out, MAGIC.length);
    partitionKeys.forEach(k -> w.bytesField(PARTITION_KEY_TABLE, k));
    hashKeys.forEach(k -> w.bytesField(EXPLICIT_HASH_KEY_TABLE, k));
    for (Entry e : entries) {
      w.varint(Protobuf.tag(RECORDS, Protobuf.LENGTH_DELIMITED));
      w.varint(entrySize(e.partitionKeyIndex(), e.hashKeyIndex(), e.data().length));
      w.varint(Protobuf.tag(RECORD_PARTITION_KEY_INDEX, Protobuf.VARINT));
      w.varint(e.partitionKeyIndex());
      if (e.hashKeyIndex() >= 0) {
        w.varint(Protobuf.tag(RECORD_EXPLICIT_HASH_KEY_INDEX, Protobuf.VARINT));
        w.varint(e.hashKeyIndex());
      }
      w.bytesField(RECORD_DATA, e.data());
    }
    if (w.position != MAGIC.length + protobufBytes) {
      throw new IllegalStateException("Aggregate size bookkeeping is off: " + w.position);
    }
    byte[] digest = md5(out, MAGIC.length, protobufBytes);
    System.arraycopy(digest, 0, out, MAGIC.length + protobufBytes, DIGEST_BYTES);
    Aggregated result = new Aggregated(outerPartitionKey, outerExplicitHashKey, out, entries.size());
    clear();
    return Optional.of(result);
  }

  public void clear() {
    partitionKeyIndex.clear();
    hashKeyIndex.clear();
    partitionKeys.clear();
    hashKeys.clear();
    entries.clear();
    protobufBytes = 0;
    outerPartitionKey = null;
    outerExplicitHashKey = null;
  }

  private static int entrySize(int partitionKeyIndex, int hashKeyIndex, int dataLength) {
    int size = 1 + Protobuf.varintSize(partitionKeyIndex);
    if (hashKeyIndex >= 0) {
      size += 1 + Protobuf.varintSize(hashKeyIndex);
    }
    return size + Protobuf.fieldSize(dataLength);
  }

  static byte[] md5(byte[] bytes, int offset, int length) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(bytes, offset, length);
      return md5.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JVM", e);
    }
  }

  static boolean hasMagic(byte[] data) {
    return data.length > MAGIC.length + DIGEST_BYTES
        && Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }
}
