package dev.awsconnectors.source.kinesis.state;

import dev.awsconnectors.kinesis.record.SequenceNumbers;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The saved progress of one Kinesis stream: a {@link ShardCheckpoint} per shard that has one, plus the timestamp
 * from which shards without a checkpoint are read (empty: from TRIM_HORIZON). Shards absent from the map have
 * nothing emitted yet. Kept compact: finished shards keep only their flag, and shards Kinesis no longer lists
 * (expired) are dropped with {@link #retainOnly}.
 *
 * <p>Mutable; owned by the one thread that emits the stream's records, which updates it right after emitting each
 * record, so a snapshot never covers a record that was not emitted.
 */
public final class StreamState {
  private final Optional<Instant> startTimestamp;
  private final Optional<Instant> streamCreatedAt;
  private final SortedMap<String, ShardCheckpoint> shards;

  public StreamState(Optional<Instant> startTimestamp, Optional<Instant> streamCreatedAt,
      Map<String, ShardCheckpoint> shards) {
    this.startTimestamp = Objects.requireNonNull(startTimestamp);
    this.streamCreatedAt = Objects.requireNonNull(streamCreatedAt);
    this.shards = new TreeMap<>(shards);
    this.shards.values().removeIf(c -> c.equals(ShardCheckpoint.NONE));
  }

  /** The state of a stream read for the first time. */
  public static StreamState fresh(Optional<Instant> startTimestamp, Optional<Instant> streamCreatedAt) {
    return new StreamState(startTimestamp, streamCreatedAt, Map.of());
  }

  /** Shards without a checkpoint are read from this arrival time on; empty means from TRIM_HORIZON. */
  public Optional<Instant> startTimestamp() {
    return startTimestamp;
  }

  /** When the stream was created, to recognize a stream deleted and created again under the same name. */
  public Optional<Instant> streamCreatedAt() {
    return streamCreatedAt;
  }

  public ShardCheckpoint shard(String shardId) {
    return shards.getOrDefault(shardId, ShardCheckpoint.NONE);
  }

  public SortedMap<String, ShardCheckpoint> shards() {
    return Collections.unmodifiableSortedMap(shards);
  }

  public Set<String> finishedShards() {
    Set<String> finished = new LinkedHashSet<>();
    shards.forEach((id, c) -> {
      if (c.finished()) {
        finished.add(id);
      }
    });
    return finished;
  }

  /**
   * Records that the user record ({@code sequenceNumber}, {@code subSequenceNumber}) was emitted.
   *
   * @param lastOfKinesisRecord false when more user records of the same aggregate follow
   * @throws IllegalStateException if that would move the shard backwards or past its end
   */
  public void emitted(String shardId, String sequenceNumber, long subSequenceNumber, boolean lastOfKinesisRecord) {
    ShardCheckpoint current = shard(shardId);
    if (current.finished()) {
      throw new IllegalStateException("Record " + sequenceNumber + " emitted from finished shard " + shardId);
    }
    if (current.hasPosition()) {
      int order = SequenceNumbers.compare(sequenceNumber, current.sequenceNumber().orElseThrow());
      boolean forward = order > 0 || (order == 0 && current.insideAggregate()
          && subSequenceNumber > current.subSequenceNumber().getAsLong());
      if (!forward) {
        throw new IllegalStateException("Shard " + shardId + " would move back from " + current + " to "
            + sequenceNumber + "/" + subSequenceNumber);
      }
    }
    shards.put(shardId, lastOfKinesisRecord ? ShardCheckpoint.after(sequenceNumber)
        : ShardCheckpoint.inside(sequenceNumber, subSequenceNumber));
  }

  /**
   * Every record of the shard up to and including the whole Kinesis record {@code sequenceNumber} was emitted or is
   * not to be emitted (a misplaced aggregate): the shard's position moves past it, unless it is there already.
   */
  public void passedThrough(String shardId, String sequenceNumber) {
    ShardCheckpoint current = shard(shardId);
    if (current.finished()) {
      throw new IllegalStateException("Shard " + shardId + " passed " + sequenceNumber + " after its end");
    }
    if (current.hasPosition()) {
      int order = SequenceNumbers.compare(sequenceNumber, current.sequenceNumber().orElseThrow());
      if (order < 0 || (order == 0 && !current.insideAggregate())) {
        return;
      }
    }
    shards.put(shardId, ShardCheckpoint.after(sequenceNumber));
  }

  /** The shard was read to its end. */
  public void finished(String shardId) {
    shards.put(shardId, ShardCheckpoint.FINISHED);
  }

  /** Forgets a shard (it no longer exists). */
  public void remove(String shardId) {
    shards.remove(shardId);
  }

  /** Drops the shards not in {@code existing} and returns their ids. */
  public Set<String> retainOnly(Set<String> existing) {
    Set<String> dropped = new LinkedHashSet<>();
    shards.keySet().removeIf(id -> {
      if (!existing.contains(id)) {
        dropped.add(id);
        return true;
      }
      return false;
    });
    return dropped;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreamState s && s.startTimestamp.equals(startTimestamp)
        && s.streamCreatedAt.equals(streamCreatedAt) && s.shards.equals(shards);
  }

  @Override
  public int hashCode() {
    return Objects.hash(startTimestamp, streamCreatedAt, shards);
  }

  @Override
  public String toString() {
    return "StreamState[start=" + startTimestamp + ", created=" + streamCreatedAt + ", shards=" + shards + "]";
  }
}
