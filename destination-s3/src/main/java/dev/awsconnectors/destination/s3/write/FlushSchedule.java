package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which open files waiting states force to finish. A state is echoed once the records before it that it covers are
 * stored; with a large target file size that could take long. When a state has waited the flush interval, the open
 * files holding records it covers are finished: for a STREAM state the files of its own stream, for a GLOBAL or
 * LEGACY state those of every stream. Every state that waited long enough counts, not only the oldest, so a newer
 * state never waits behind an older one whose files are still uploading; and a state never finishes the files of a
 * stream it does not cover.
 *
 * <p>Records are numbered from 1 in arrival order; a state covers the records numbered up to the count at its
 * arrival. Lifecycle: {@link #stateArrived} for every state in order, {@link #released} with the count of states
 * echoed so far, and {@link #due} (or {@link #all}, when the sync is failing) to learn which files to finish. Pure:
 * time comes in as an argument; not thread-safe.
 */
final class FlushSchedule {
  private record Waiting(long index, StreamDescriptor stream, long afterRecord, long arrivedMillis) {}

  private final long intervalMillis;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private long arrived;

  /** @param interval zero: states never force files to finish */
  FlushSchedule(Duration interval) {
    this.intervalMillis = interval.toMillis();
  }

  /**
   * @param stream the stream a STREAM state covers; empty for GLOBAL and LEGACY states
   * @param afterRecord the number of records received before the state
   */
  void stateArrived(Optional<StreamDescriptor> stream, long afterRecord, long nowMillis) {
    waiting.addLast(new Waiting(arrived++, stream.orElse(null), afterRecord, nowMillis));
  }

  /** The first {@code releasedStates} states were echoed: they no longer wait. */
  void released(long releasedStates) {
    while (!waiting.isEmpty() && waiting.peekFirst().index() < releasedStates) {
      waiting.pollFirst();
    }
  }

  /** States received and not yet echoed. */
  int waiting() {
    return waiting.size();
  }

  /** The records that states which waited the flush interval by {@code nowMillis} cover. */
  Cutoffs due(long nowMillis) {
    if (intervalMillis <= 0) {
      return Cutoffs.NONE;
    }
    return cutoffs(nowMillis - intervalMillis);
  }

  /** The records that every waiting state covers, whatever its wait. */
  Cutoffs all() {
    return cutoffs(Long.MAX_VALUE);
  }

  private Cutoffs cutoffs(long arrivedBy) {
    long everyStream = 0;
    Map<StreamDescriptor, Long> byStream = new HashMap<>();
    for (Waiting w : waiting) {
      if (w.arrivedMillis() > arrivedBy) {
        break;
      }
      if (w.stream() == null) {
        everyStream = Math.max(everyStream, w.afterRecord());
      } else {
        byStream.merge(w.stream(), w.afterRecord(), Math::max);
      }
    }
    return everyStream == 0 && byStream.isEmpty() ? Cutoffs.NONE : new Cutoffs(everyStream, byStream);
  }

  /**
   * Per stream, the highest record number a waiting state covers.
   *
   * @param everyStream covered in every stream (GLOBAL and LEGACY states); 0 for none
   */
  record Cutoffs(long everyStream, Map<StreamDescriptor, Long> byStream) {
    static final Cutoffs NONE = new Cutoffs(0, Map.of());

    Cutoffs {
      byStream = Map.copyOf(byStream);
    }

    /** True if a file of {@code stream} whose first record is {@code firstRecord} holds covered records. */
    boolean covers(StreamDescriptor stream, long firstRecord) {
      return firstRecord <= Math.max(everyStream, byStream.getOrDefault(stream, 0L));
    }

    boolean isEmpty() {
      return everyStream == 0 && byStream.isEmpty();
    }
  }
}
