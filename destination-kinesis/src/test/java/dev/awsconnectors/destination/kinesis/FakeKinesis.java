package dev.awsconnectors.destination.kinesis;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap.ShardRange;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.StreamMode;
import dev.awsconnectors.kinesis.record.HashKeys;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Kinesis behind the destination's client seam, with the faults the emulators cannot produce: whole
 * calls throttled, entries failed with an error code, shards split while a write runs. Thread-safe.
 */
public final class FakeKinesis implements KinesisStreamClient {
  /** A stored record, with the shard it landed on. */
  public record Stored(String partitionKey, String explicitHashKey, byte[] data, String shardId, long sequence) {}

  private static final class Shard {
    final ShardRange range;
    final List<Stored> records = new ArrayList<>();
    boolean open = true;

    Shard(ShardRange range) {
      this.range = range;
    }
  }

  private final Map<String, Map<String, Shard>> streams = new LinkedHashMap<>();
  private final Random random = new Random(42);
  private final AtomicInteger putCalls = new AtomicInteger();
  private final AtomicInteger putEntries = new AtomicInteger();
  private final AtomicInteger listShardsCalls = new AtomicInteger();
  private int failedListings;
  private RuntimeException listingFailure;
  private int shardCounter;
  private long sequence;
  private int throttledCalls;
  private double entryFailureRate;
  private String entryErrorCode = "ProvisionedThroughputExceededException";
  private RuntimeException callFailure;
  private volatile java.util.concurrent.CountDownLatch hold;
  private int maxRecordSizeKiB = 1024;
  private Status status = Status.ACTIVE;

  public synchronized FakeKinesis withStream(String name, int shards) {
    Map<String, Shard> map = new LinkedHashMap<>();
    BigInteger width = HashKeys.MAX.add(BigInteger.ONE).divide(BigInteger.valueOf(shards));
    for (int i = 0; i < shards; i++) {
      BigInteger start = width.multiply(BigInteger.valueOf(i));
      BigInteger end = i == shards - 1 ? HashKeys.MAX : start.add(width).subtract(BigInteger.ONE);
      String id = shardId();
      map.put(id, new Shard(new ShardRange(id, start, end, true)));
    }
    streams.put(name, map);
    return this;
  }

  /** The next {@code calls} PutRecords calls fail as a whole, as throttled calls do after the SDK's own retries. */
  public synchronized FakeKinesis throttleNextCalls(int calls) {
    this.throttledCalls = calls;
    return this;
  }

  /** Each entry fails with {@code errorCode} with this probability (seeded, so runs repeat). */
  public synchronized FakeKinesis failEntries(double rate, String errorCode) {
    this.entryFailureRate = rate;
    this.entryErrorCode = errorCode;
    return this;
  }

  /** The next {@code calls} ListShards calls throw {@code failure}. */
  public synchronized FakeKinesis failListShards(int calls, RuntimeException failure) {
    this.failedListings = calls;
    this.listingFailure = failure;
    return this;
  }

  /** Every PutRecords call throws this. */
  public synchronized FakeKinesis failCalls(RuntimeException failure) {
    this.callFailure = failure;
    return this;
  }

  /** PutRecords calls wait until {@code latch} opens, like requests on a slow network. */
  public FakeKinesis holdCallsUntil(java.util.concurrent.CountDownLatch latch) {
    this.hold = latch;
    return this;
  }

  public synchronized FakeKinesis withMaxRecordSizeKiB(int kib) {
    this.maxRecordSizeKiB = kib;
    return this;
  }

  /** Splits an open shard in the middle of its range, as SplitShard does. */
  public synchronized void split(String stream, String shardId) {
    Map<String, Shard> shards = streams.get(stream);
    Shard parent = shards.get(shardId);
    parent.open = false;
    BigInteger middle = parent.range.start().add(parent.range.end()).shiftRight(1);
    String low = shardId();
    String high = shardId();
    shards.put(low, new Shard(new ShardRange(low, parent.range.start(), middle, true)));
    shards.put(high, new Shard(new ShardRange(high, middle.add(BigInteger.ONE), parent.range.end(), true)));
  }

  /** Merges two adjacent open shards, as MergeShards does. */
  public synchronized void merge(String stream, String shardId, String adjacentShardId) {
    Map<String, Shard> shards = streams.get(stream);
    Shard a = shards.get(shardId);
    Shard b = shards.get(adjacentShardId);
    a.open = false;
    b.open = false;
    String child = shardId();
    shards.put(child, new Shard(new ShardRange(child, a.range.start().min(b.range.start()),
        a.range.end().max(b.range.end()), true)));
  }

  /** Streams report this status (e.g. CREATING forever) instead of ACTIVE. */
  public synchronized FakeKinesis withStatus(Status status) {
    this.status = status;
    return this;
  }

  public synchronized List<String> openShards(String stream) {
    return streams.get(stream).values().stream().filter(s -> s.open).map(s -> s.range.shardId()).toList();
  }

  /** Every shard's records, in shard order then sequence order. */
  public synchronized Map<ShardRange, List<Stored>> recordsByShard(String stream) {
    Map<ShardRange, List<Stored>> out = new LinkedHashMap<>();
    streams.get(stream).values().forEach(s -> out.put(s.range, List.copyOf(s.records)));
    return out;
  }

  /** Every record in the order Kinesis accepted it. */
  public synchronized List<Stored> records(String stream) {
    List<Stored> all = new ArrayList<>();
    streams.get(stream).values().forEach(s -> all.addAll(s.records));
    all.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    return all;
  }

  public int putCalls() {
    return putCalls.get();
  }

  public int putEntries() {
    return putEntries.get();
  }

  public int listShardsCalls() {
    return listShardsCalls.get();
  }

  @Override
  public synchronized Optional<StreamSummary> describe(String stream) {
    Map<String, Shard> shards = streams.get(stream);
    if (shards == null) {
      return Optional.empty();
    }
    int open = (int) shards.values().stream().filter(s -> s.open).count();
    return Optional.of(new StreamSummary(stream, status, OptionalInt.of(maxRecordSizeKiB), open));
  }

  @Override
  public synchronized List<String> listStreams(int limit) {
    return streams.keySet().stream().limit(limit).toList();
  }

  @Override
  public synchronized void createStream(String stream, StreamMode mode, int shardCount) {
    if (!streams.containsKey(stream)) {
      withStream(stream, mode == StreamMode.ON_DEMAND ? 4 : shardCount);
    }
  }

  @Override
  public synchronized ShardMap listShards(String stream) {
    listShardsCalls.incrementAndGet();
    if (failedListings > 0) {
      failedListings--;
      throw listingFailure;
    }
    List<ShardRange> ranges = new ArrayList<>();
    streams.get(stream).values().forEach(s -> ranges.add(new ShardRange(s.range.shardId(), s.range.start(),
        s.range.end(), s.open)));
    return new ShardMap(ranges);
  }

  @Override
  public List<Result> putRecords(String stream, List<? extends Entry> entries) {
    putCalls.incrementAndGet();
    if (hold != null) {
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    synchronized (this) {
      if (callFailure != null) {
        throw callFailure;
      }
      if (throttledCalls > 0) {
        throttledCalls--;
        throw new TransientErrorException("Rate exceeded for stream " + stream
            + " (ProvisionedThroughputExceededException, HTTP 400)");
      }
      Map<String, Shard> shards = streams.get(stream);
      if (shards == null) {
        throw new ConfigErrorException("Stream " + stream + " not found");
      }
      putEntries.addAndGet(entries.size());
      List<Result> results = new ArrayList<>(entries.size());
      for (Entry e : entries) {
        if (entryFailureRate > 0 && random.nextDouble() < entryFailureRate) {
          results.add(Result.failed(entryErrorCode, "Rate exceeded for shard"));
          continue;
        }
        BigInteger hash = HashKeys.effective(e.partitionKey(), e.explicitHashKey());
        Shard target = shards.values().stream().filter(s -> s.open && s.range.contains(hash)).findFirst()
            .orElseThrow();
        long seq = ++sequence;
        target.records.add(new Stored(e.partitionKey(), e.explicitHashKey(), e.data().clone(),
            target.range.shardId(), seq));
        results.add(Result.ok(target.range.shardId(), Long.toString(seq)));
      }
      return results;
    }
  }

  @Override
  public String where() {
    return "in-memory fake";
  }

  @Override
  public void close() {}

  private String shardId() {
    return String.format("shardId-%012d", shardCounter++);
  }
}
