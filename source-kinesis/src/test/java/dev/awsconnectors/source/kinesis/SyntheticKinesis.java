package dev.awsconnectors.source.kinesis;

import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.KinesisLimits;
import dev.awsconnectors.kinesis.record.KplAggregate;
import dev.awsconnectors.kinesis.record.ShardHashRange;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.shard.IteratorPosition;
import dev.awsconnectors.source.kinesis.shard.KinesisRecord;
import dev.awsconnectors.source.kinesis.shard.RecordsPage;
import dev.awsconnectors.source.kinesis.shard.ShardDescription;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory Kinesis for the read benchmark: one stream of open shards that split the hash key space evenly, each
 * holding {@code recordsPerShard} Kinesis records made on the fly from a small pool of payloads, so that a benchmark
 * of any size needs little memory and shows the connector's own cost. A record is a plain payload or a KPL aggregate
 * of user records whose partition keys hash into the shard (as the KPL builds them). Pages as Kinesis serves them:
 * at most {@code limit} records and 10 MiB, sequence numbers of 56 digits, ten records per millisecond of arrival
 * time. No pacing and no failures. Thread-safe.
 */
final class SyntheticKinesis implements ShardReaderClient {
  static final String STREAM = "memory";
  private static final long PAGE_MAX_BYTES = 10L * 1024 * 1024;
  private static final int RECORDS_PER_MILLI = 10;
  private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
  private static final String SEQUENCE_HEAD = "4959033827149025660855969253";
  private static final int KEYS_PER_SHARD = 64;

  private final int shards;
  private final long recordsPerShard;
  private final ShardHashRange[] ranges;
  /** Per shard: the Kinesis records' data and partition keys to cycle through. */
  private final byte[][][] data;
  private final String[][] keys;
  private final AtomicLong bytesServed = new AtomicLong();
  private final AtomicLong recordsServed = new AtomicLong();

  /**
   * @param payloads the user records' payloads, cycled through
   * @param perAggregate user records per KPL aggregate; 0 for plain records
   */
  SyntheticKinesis(int shards, long recordsPerShard, List<byte[]> payloads, int perAggregate) {
    this.shards = shards;
    this.recordsPerShard = recordsPerShard;
    this.ranges = new ShardHashRange[shards];
    this.data = new byte[shards][][];
    this.keys = new String[shards][];
    BigInteger width = HashKeys.MAX.add(BigInteger.ONE).divide(BigInteger.valueOf(shards));
    for (int s = 0; s < shards; s++) {
      BigInteger start = width.multiply(BigInteger.valueOf(s));
      BigInteger end = s == shards - 1 ? HashKeys.MAX : start.add(width).subtract(BigInteger.ONE);
      ranges[s] = new ShardHashRange(start, end);
      keys[s] = keysOf(ranges[s]);
      data[s] = perAggregate == 0 ? payloads.toArray(byte[][]::new) : aggregates(payloads, keys[s], perAggregate);
    }
  }

  /** Bytes of Kinesis records (data and partition key, as Kinesis counts them) served so far. */
  long bytesServed() {
    return bytesServed.get();
  }

  long recordsServed() {
    return recordsServed.get();
  }

  /** The Kinesis records of shard {@code s}, for a bare loop over the same content. */
  RecordsPage page(int shard, long from, int limit) {
    List<KinesisRecord> records = new ArrayList<>(Math.min(limit, 1024));
    long bytes = 0;
    long position = from;
    while (position < recordsPerShard && records.size() < limit) {
      KinesisRecord r = record(shard, position);
      if (!records.isEmpty() && bytes + r.sizeBytes() > PAGE_MAX_BYTES) {
        break;
      }
      bytes += r.sizeBytes();
      records.add(r);
      position++;
    }
    bytesServed.addAndGet(bytes);
    recordsServed.addAndGet(records.size());
    // Behind by more than the caught-up threshold until the last record: every record is read in one sync.
    long behind = position < recordsPerShard ? (recordsPerShard - position) / RECORDS_PER_MILLI + 2_000 : 0;
    return new RecordsPage(records, Optional.of(iterator(shard, position)), OptionalLong.of(behind), List.of());
  }

  int shards() {
    return shards;
  }

  long recordsPerShard() {
    return recordsPerShard;
  }

  @Override
  public StreamListPage listStreams(Optional<String> nextToken) {
    return new StreamListPage(List.of(STREAM), Optional.empty());
  }

  @Override
  public StreamSummary describeStream(String stream) {
    return new StreamSummary(STREAM, "ACTIVE", Optional.of(START), shards);
  }

  @Override
  public ShardListPage listShards(String stream, Optional<String> nextToken) {
    List<ShardDescription> list = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      list.add(new ShardDescription(shardId(s), Optional.empty(), Optional.empty(), false, ranges[s]));
    }
    return new ShardListPage(list, Optional.empty());
  }

  @Override
  public String shardIterator(String stream, String shardId, IteratorPosition position) {
    int shard = Integer.parseInt(shardId.substring(shardId.indexOf('-') + 1));
    return switch (position.type()) {
      case TRIM_HORIZON -> iterator(shard, 0);
      case LATEST -> iterator(shard, recordsPerShard);
      default -> throw new UnsupportedOperationException("The benchmark reads from TRIM_HORIZON: " + position);
    };
  }

  @Override
  public RecordsPage getRecords(String iterator, int limit) {
    int slash = iterator.indexOf('/');
    return page(Integer.parseInt(iterator.substring(0, slash)), Long.parseLong(iterator.substring(slash + 1)),
        limit);
  }

  static String shardId(int shard) {
    return String.format(Locale.ROOT, "shardId-%012d", shard);
  }

  private KinesisRecord record(int shard, long position) {
    byte[][] pool = data[shard];
    String[] shardKeys = keys[shard];
    byte[] d = pool[(int) ((position * 7 + shard) % pool.length)];
    return new KinesisRecord(sequenceNumber(shard, position), START.plusMillis(position / RECORDS_PER_MILLI),
        shardKeys[(int) (position % shardKeys.length)], d);
  }

  /** 56 digits, increasing along the shard, as Kinesis' sequence numbers are. */
  private static String sequenceNumber(int shard, long position) {
    char[] digits = new char[56];
    SEQUENCE_HEAD.getChars(0, SEQUENCE_HEAD.length(), digits, 0);
    long value = shard * 1_000_000_000_000L + position;
    for (int i = digits.length - 1; i >= SEQUENCE_HEAD.length(); i--) {
      digits[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return new String(digits);
  }

  private static String iterator(int shard, long position) {
    return shard + "/" + position;
  }

  /** Partition keys like a producer's customer ids, each of which hashes into {@code range}. */
  private static String[] keysOf(ShardHashRange range) {
    List<String> found = new ArrayList<>();
    for (int i = 0; found.size() < KEYS_PER_SHARD; i++) {
      String key = "customer-" + i;
      if (range.contains(HashKeys.ofPartitionKey(key))) {
        found.add(key);
      }
    }
    return found.toArray(String[]::new);
  }

  private static byte[][] aggregates(List<byte[]> payloads, String[] keys, int perAggregate) {
    List<byte[]> out = new ArrayList<>();
    int next = 0;
    for (int a = 0; a < 32; a++) {
      KplAggregate aggregate = new KplAggregate(KinesisLimits.RECORD_MAX_BYTES);
      for (int i = 0; i < perAggregate; i++, next++) {
        if (!aggregate.tryAdd(new UserRecord(keys[next % keys.length], null, payloads.get(next % payloads.size())))) {
          break;
        }
      }
      out.add(aggregate.drain().orElseThrow().data());
    }
    return out.toArray(byte[][]::new);
  }
}
