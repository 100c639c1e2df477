package dev.awsconnectors.destination.kinesis.aggregation;

import dev.awsconnectors.destination.kinesis.aggregation.ShardMap.ShardRange;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.KplAggregate;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Shard-aware KPL aggregation: keeps one open aggregate per shard of a {@link ShardMap} and puts each user record in
 * the aggregate of the shard its hash key routes to, so an aggregate only ever holds records of one shard (the KCL
 * drops an aggregate with a user record outside the shard it was read from). A sealed aggregate's outer record
 * carries the first user record's hash key as ExplicitHashKey, which lies inside that shard's range; an aggregate of
 * one record is sent as that plain record. Records of one shard leave in arrival order. Not thread-safe.
 *
 * @param <M> the caller's record type (keeps its bookkeeping with the user record)
 */
public final class ShardAggregator<M> {
  private final ShardMap map;
  private final int maxBytes;
  private final Function<M, UserRecord> userRecord;
  private final Map<String, Open<M>> open = new LinkedHashMap<>();

  /** A finished Kinesis record for one shard, with the members it carries in order. */
  public record Sealed<M>(ShardRange shard, String partitionKey, String explicitHashKey, byte[] data, List<M> members,
      boolean aggregated) {
    /** Bytes PutRecords counts: data plus partition key. */
    public int requestBytes() {
      return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }
  }

  private static final class Open<M> {
    final ShardRange shard;
    final KplAggregate aggregate;
    final List<M> members = new ArrayList<>();
    final long openedNanos;

    Open(ShardRange shard, int maxBytes, long openedNanos) {
      this.shard = shard;
      this.aggregate = new KplAggregate(maxBytes);
      this.openedNanos = openedNanos;
    }
  }

  /** @param maxBytes the largest aggregate (data plus partition key) */
  public ShardAggregator(ShardMap map, int maxBytes, Function<M, UserRecord> userRecord) {
    this.map = map;
    this.maxBytes = maxBytes;
    this.userRecord = userRecord;
  }

  public ShardMap map() {
    return map;
  }

  /** Adds a record; returns what had to be sealed to make room, in order (usually nothing). */
  public List<Sealed<M>> add(M member, long nowNanos) {
    UserRecord record = userRecord.apply(member);
    ShardRange shard = map.route(HashKeys.effective(record.partitionKey(), record.explicitHashKey()));
    Open<M> current = open.get(shard.shardId());
    List<Sealed<M>> sealed = new ArrayList<>(1);
    if (current != null && current.aggregate.tryAdd(record)) {
      current.members.add(member);
      return sealed;
    }
    if (current != null) {
      sealed.add(seal(current));
      open.remove(shard.shardId());
    }
    Open<M> fresh = new Open<>(shard, maxBytes, nowNanos);
    if (fresh.aggregate.tryAdd(record)) {
      fresh.members.add(member);
      open.put(shard.shardId(), fresh);
    } else {
      // Too large to share a record with anything: it travels alone, after what came before it.
      sealed.add(new Sealed<>(shard, record.partitionKey(), record.explicitHashKey(), record.data(),
          List.of(member), false));
    }
    return sealed;
  }

  /** Seals every open aggregate (end of input, a state to flush, a new shard map). */
  public List<Sealed<M>> sealAll() {
    List<Sealed<M>> sealed = new ArrayList<>(open.size());
    open.values().forEach(o -> sealed.add(seal(o)));
    open.clear();
    return sealed;
  }

  /** Seals the aggregates opened at or before {@code deadlineNanos}. */
  public List<Sealed<M>> sealOpenedBefore(long deadlineNanos) {
    List<Sealed<M>> sealed = new ArrayList<>();
    var it = open.values().iterator();
    while (it.hasNext()) {
      Open<M> o = it.next();
      if (o.openedNanos <= deadlineNanos) {
        sealed.add(seal(o));
        it.remove();
      }
    }
    return sealed;
  }

  /** When the oldest open aggregate was opened; empty if none is open. */
  public OptionalLong oldestOpenedNanos() {
    return open.values().stream().mapToLong(o -> o.openedNanos).min();
  }

  public boolean isEmpty() {
    return open.isEmpty();
  }

  private Sealed<M> seal(Open<M> o) {
    if (o.members.size() == 1) {
      UserRecord only = userRecord.apply(o.members.get(0));
      o.aggregate.clear();
      return new Sealed<>(o.shard, only.partitionKey(), only.explicitHashKey(), only.data(), List.copyOf(o.members),
          false);
    }
    KplAggregate.Aggregated a = o.aggregate.drain().orElseThrow();
    UserRecord first = userRecord.apply(o.members.get(0));
    String hashKey = HashKeys.effective(first.partitionKey(), first.explicitHashKey()).toString();
    return new Sealed<>(o.shard, a.partitionKey(), hashKey, a.data(), List.copyOf(o.members), true);
  }
}
