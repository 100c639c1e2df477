package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.destination.kinesis.aggregation.ShardAggregator;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.batch.KeyOrderGate;
import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * The send-side state of one Kinesis stream: entries ready to go, the per-key gate, the shard aggregator and the
 * shard-map epochs. Plain data, owned by the {@link SendLoop} thread.
 */
final class Lane {
  final String stream;
  final KeyOrderGate<PutEntry> gate;
  final ArrayDeque<PutEntry> ready = new ArrayDeque<>();
  long readyBytes;
  int inFlight;

  /** Aggregation only (null otherwise). */
  ShardAggregator<Member> aggregator;
  /** The newest shard listing (closed shards included), to look up where an aggregate landed. */
  ShardMap latestMap;
  long nextMapRefreshNanos;
  /** The epoch of the current shard map; entries of a newer epoch wait until every older one is done. */
  long epoch;
  final TreeMap<Long, Integer> unfinishedByEpoch = new TreeMap<>();
  final ArrayDeque<PutEntry> heldForEpoch = new ArrayDeque<>();

  Lane(String stream, boolean preserveKeyOrder) {
    this.stream = stream;
    this.gate = preserveKeyOrder ? new KeyOrderGate<>() : null;
  }

  /** The oldest epoch with unfinished entries, or the current one. */
  long barrierEpoch() {
    return unfinishedByEpoch.isEmpty() ? epoch : unfinishedByEpoch.firstKey();
  }

  void started(long entryEpoch) {
    unfinishedByEpoch.merge(entryEpoch, 1, Integer::sum);
  }

  /** Returns true if this finished the last entry of its epoch. */
  boolean finished(long entryEpoch) {
    Integer left = unfinishedByEpoch.get(entryEpoch);
    if (left == null) {
      throw new IllegalStateException("No unfinished entry of epoch " + entryEpoch);
    }
    if (left == 1) {
      unfinishedByEpoch.remove(entryEpoch);
      return true;
    }
    unfinishedByEpoch.put(entryEpoch, left - 1);
    return false;
  }
}
