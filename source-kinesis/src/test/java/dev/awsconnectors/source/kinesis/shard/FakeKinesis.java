package dev.awsconnectors.source.kinesis.shard;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.kinesis.record.SequenceNumbers;
import dev.awsconnectors.kinesis.record.ShardHashRange;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Kinesis for unit tests: streams of shards holding records with 56-digit sequence numbers, closed
 * shards that end with their children, paginated listings, and failures injected per call. Iterators are
 * {@code stream/shard/index} strings. Sequence numbers of AT/AFTER_SEQUENCE_NUMBER must exist, as on kinesis-mock.
 * Thread-safe.
 */
public final class FakeKinesis implements ShardReaderClient {
  private static final BigInteger BASE = new BigInteger("49590338271490256608559692538361571095921575989136588898");

  private final Map<String, Map<String, FakeShard>> streams = new LinkedHashMap<>();
  private final Deque<RuntimeException> iteratorFailures = new ArrayDeque<>();
  private final Deque<RuntimeException> getRecordsFailures = new ArrayDeque<>();
  private final Map<String, Deque<RuntimeException>> shardFailures = new java.util.HashMap<>();
  private final java.util.Set<String> unlisted = new java.util.HashSet<>();
  private final List<String> calls = new ArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private int shardPageSize = 1000;
  private int streamPageSize = 100;
  private Instant clock = Instant.parse("2024-05-01T00:00:00Z");

  /** One shard's records and lineage. */
  public static final class FakeShard {
    final String id;
    final List<String> parents;
    final List<KinesisRecord> records = new ArrayList<>();
    final List<String> children = new ArrayList<>();
    boolean closed;
    ShardHashRange hashRange = ShardHashRange.WHOLE;

    FakeShard(String id, List<String> parents) {
      this.id = id;
      this.parents = List.copyOf(parents);
    }
  }

  public synchronized FakeKinesis stream(String name, String... shardIds) {
    Map<String, FakeShard> shards = streams.computeIfAbsent(name, n -> new LinkedHashMap<>());
    for (String id : shardIds) {
      shards.put(id, new FakeShard(id, List.of()));
    }
    return this;
  }

  /** Closes {@code parents} and adds {@code child} with them as parents (a split child or a merge child). */
  public synchronized FakeKinesis child(String stream, String child, String... parents) {
    Map<String, FakeShard> shards = streams.get(stream);
    shards.put(child, new FakeShard(child, List.of(parents)));
    for (String p : parents) {
      shards.get(p).closed = true;
      shards.get(p).children.add(child);
    }
    return this;
  }

  /** Gives a shard a hash key range (by default it has the whole key space). */
  public synchronized FakeKinesis hashRange(String stream, String shardId, ShardHashRange range) {
    streams.get(stream).get(shardId).hashRange = range;
    return this;
  }

  /** Removes a shard, as if it expired after the retention period. */
  public synchronized void expire(String stream, String shardId) {
    streams.get(stream).remove(shardId);
  }

  /** Appends records with the given payloads to a shard, one second of arrival time apart; returns their numbers. */
  public synchronized List<String> put(String stream, String shardId, String partitionKey, String... payloads) {
    List<byte[]> data = new ArrayList<>();
    for (String p : payloads) {
      data.add(p.getBytes(StandardCharsets.UTF_8));
    }
    return putBytes(stream, shardId, partitionKey, data);
  }

  public synchronized List<String> putBytes(String stream, String shardId, String partitionKey, List<byte[]> data) {
    FakeShard shard = streams.get(stream).get(shardId);
    if (shard.closed) {
      throw new IllegalStateException(shardId + " is closed");
    }
    List<String> numbers = new ArrayList<>();
    for (byte[] d : data) {
      String seq = BASE.add(BigInteger.valueOf(sequence.incrementAndGet()).shiftLeft(8)).toString();
      clock = clock.plusSeconds(1);
      shard.records.add(new KinesisRecord(seq, clock, partitionKey, d));
      numbers.add(seq);
    }
    return numbers;
  }

  public synchronized void failNextIterator(RuntimeException e) {
    iteratorFailures.add(e);
  }

  public synchronized void failNextGetRecords(RuntimeException e) {
    getRecordsFailures.add(e);
  }

  /** The next {@code count} GetRecords calls on {@code shardId} fail with {@code failure}. */
  public synchronized void failGetRecords(String shardId, int count,
      java.util.function.Supplier<RuntimeException> failure) {
    Deque<RuntimeException> queue = shardFailures.computeIfAbsent(shardId, s -> new ArrayDeque<>());
    for (int i = 0; i < count; i++) {
      queue.add(failure.get());
    }
  }

  /** ListShards does not return this shard (it was created after the listing). */
  public synchronized void hideFromListing(String shardId) {
    unlisted.add(shardId);
  }

  public synchronized void shardPageSize(int size) {
    this.shardPageSize = size;
  }

  public synchronized void streamPageSize(int size) {
    this.streamPageSize = size;
  }

  /** Every call made, as "operation args". */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public synchronized StreamListPage listStreams(Optional<String> nextToken) {
    calls.add("listStreams " + nextToken.orElse(""));
    List<String> names = new ArrayList<>(streams.keySet());
    int from = nextToken.map(Integer::parseInt).orElse(0);
    int to = Math.min(names.size(), from + streamPageSize);
    return new StreamListPage(names.subList(from, to), to < names.size() ? Optional.of(Integer.toString(to))
        : Optional.empty());
  }

  @Override
  public synchronized StreamSummary describeStream(String stream) {
    calls.add("describeStream " + stream);
    if (!streams.containsKey(stream)) {
      throw new ConfigErrorException("The Kinesis stream '" + stream + "' does not exist");
    }
    return new StreamSummary(stream, "ACTIVE", Optional.of(Instant.parse("2024-01-01T00:00:00Z")),
        (int) streams.get(stream).values().stream().filter(s -> !s.closed).count());
  }

  @Override
  public synchronized ShardListPage listShards(String stream, Optional<String> nextToken) {
    calls.add("listShards " + (nextToken.isPresent() ? "token=" + nextToken.get() : "stream=" + stream));
    List<FakeShard> shards = new ArrayList<>(streams.get(stream).values());
    shards.removeIf(s -> unlisted.contains(s.id));
    int from = nextToken.map(t -> Integer.parseInt(t.substring(t.indexOf(':') + 1))).orElse(0);
    int to = Math.min(shards.size(), from + shardPageSize);
    List<ShardDescription> page = new ArrayList<>();
    for (FakeShard s : shards.subList(from, to)) {
      page.add(new ShardDescription(s.id, s.parents.isEmpty() ? Optional.empty() : Optional.of(s.parents.get(0)),
          s.parents.size() > 1 ? Optional.of(s.parents.get(1)) : Optional.empty(), s.closed, s.hashRange));
    }
    return new ShardListPage(page, to < shards.size() ? Optional.of(stream + ":" + to) : Optional.empty());
  }

  @Override
  public synchronized String shardIterator(String stream, String shardId, IteratorPosition position) {
    calls.add("shardIterator " + shardId + " " + position);
    if (!iteratorFailures.isEmpty()) {
      throw iteratorFailures.poll();
    }
    FakeShard shard = streams.getOrDefault(stream, Map.of()).get(shardId);
    if (shard == null) {
      throw new ShardReadException(ShardReadException.Kind.SHARD_NOT_FOUND, "no shard " + shardId, null);
    }
    int index = switch (position.type()) {
      case TRIM_HORIZON -> 0;
      case LATEST -> shard.records.size();
      case AT_TIMESTAMP -> {
        int i = 0;
        while (i < shard.records.size()
            && shard.records.get(i).approximateArrivalTimestamp().isBefore(position.timestamp().orElseThrow())) {
          i++;
        }
        yield i;
      }
      case AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER -> {
        String seq = position.sequenceNumber().orElseThrow();
        int found = -1;
        for (int i = 0; i < shard.records.size(); i++) {
          if (SequenceNumbers.compare(shard.records.get(i).sequenceNumber(), seq) == 0) {
            found = i;
          }
        }
        if (found < 0) {
          throw new ShardReadException(ShardReadException.Kind.POSITION_REJECTED, "unknown sequence " + seq, null);
        }
        yield position.type() == IteratorPosition.Type.AT_SEQUENCE_NUMBER ? found : found + 1;
      }
    };
    return stream + "/" + shardId + "/" + index;
  }

  @Override
  public synchronized RecordsPage getRecords(String iterator, int limit) {
    calls.add("getRecords " + iterator + " " + limit);
    if (!getRecordsFailures.isEmpty()) {
      throw getRecordsFailures.poll();
    }
    String[] parts = iterator.split("/");
    Deque<RuntimeException> failures = shardFailures.get(parts[1]);
    if (failures != null && !failures.isEmpty()) {
      throw failures.poll();
    }
    FakeShard shard = streams.get(parts[0]).get(parts[1]);
    if (shard == null) {
      throw new ShardReadException(ShardReadException.Kind.SHARD_NOT_FOUND, "no shard " + parts[1], null);
    }
    int from = Integer.parseInt(parts[2]);
    int to = Math.min(shard.records.size(), from + limit);
    List<KinesisRecord> page = new ArrayList<>(shard.records.subList(from, to));
    boolean end = shard.closed && to == shard.records.size();
    long behind = 0;
    if (!shard.records.isEmpty() && to < shard.records.size()) {
      Instant newest = shard.records.get(shard.records.size() - 1).approximateArrivalTimestamp();
      Instant current = to == 0 ? newest : shard.records.get(to - 1).approximateArrivalTimestamp();
      behind = newest.toEpochMilli() - current.toEpochMilli();
    }
    List<RecordsPage.ChildShard> children = new ArrayList<>();
    if (end) {
      Map<String, FakeShard> all = streams.get(parts[0]);
      for (String c : shard.children) {
        children.add(all.containsKey(c) ? new RecordsPage.ChildShard(c, all.get(c).parents, all.get(c).hashRange)
            : new RecordsPage.ChildShard(c, List.of(shard.id)));
      }
    }
    return new RecordsPage(page, end ? Optional.empty() : Optional.of(parts[0] + "/" + parts[1] + "/" + to),
        OptionalLong.of(behind), children);
  }
}
