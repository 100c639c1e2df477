package dev.awsconnectors.destination.kinesis.send;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Keeps a stream's order across shard-map changes. Aggregates are ordered per target shard by the key-order gate (the
 * shard is the key). When the shard map changes, the same partition key routes to another shard, so the gate alone
 * would let an aggregate built for the new layout overtake one of the old layout holding earlier records of its keys.
 * Each entry therefore belongs to the epoch of the shard map it was built with, and entries of a newer epoch wait
 * here until every entry of the older epochs is done.
 *
 * <p>Lifecycle: {@link #started} once for every entry, when it is created; {@link #pass} when it would be released
 * (false: the barrier holds it); {@link #finished} once when it is done, which returns the held entries that may go
 * now, in the order they were held; {@link #advance} when a new shard map starts a new epoch. Entries are counted by
 * epoch only, so a stream's bookkeeping is a handful of counters whatever its size. Not thread-safe: owned by the
 * send loop's thread.
 *
 * @param <E> the entry type
 */
final class EpochBarrier<E> {
  private final ToLongFunction<E> epochOf;
  /** Unfinished entries per epoch, oldest epoch first; epochs with none are dropped. */
  private final ArrayDeque<long[]> unfinished = new ArrayDeque<>();
  private final ArrayDeque<E> held = new ArrayDeque<>();
  private long current;

  EpochBarrier(ToLongFunction<E> epochOf) {
    this.epochOf = epochOf;
  }

  /** The epoch of the current shard map: new entries belong to it. */
  long current() {
    return current;
  }

  /** A new shard map: entries built from now on wait until the older epochs are done. */
  void advance() {
    current++;
  }

  /** An entry of {@code epoch} exists (the current one, or an older one for the repair of an unfinished entry). */
  void started(long epoch) {
    if (epoch > current) {
      throw new IllegalArgumentException("Epoch " + epoch + " has not started (current " + current + ")");
    }
    long[] last = unfinished.peekLast();
    if (last != null && last[0] == epoch) {
      last[1]++;
    } else if (last == null || last[0] < epoch) {
      unfinished.addLast(new long[] {epoch, 1});
    } else {
      slot(epoch)[1]++;
    }
  }

  /** True if {@code entry} may go now; false if it is held until the older epochs are done. */
  boolean pass(E entry) {
    if (epochOf.applyAsLong(entry) <= oldestUnfinished()) {
      return true;
    }
    held.addLast(entry);
    return false;
  }

  /** An entry of {@code epoch} is done: returns the held entries that may go now (often none). */
  List<E> finished(long epoch) {
    long[] slot = slot(epoch);
    boolean oldest = slot == unfinished.peekFirst();
    if (--slot[1] > 0) {
      return List.of();
    }
    unfinished.remove(slot);
    if (!oldest || held.isEmpty()) {
      return List.of();
    }
    long barrier = oldestUnfinished();
    List<E> released = new ArrayList<>();
    for (int i = held.size(); i > 0; i--) {
      E e = held.pollFirst();
      if (epochOf.applyAsLong(e) <= barrier) {
        released.add(e);
      } else {
        held.addLast(e);
      }
    }
    return released;
  }

  /** Entries held back. */
  int held() {
    return held.size();
  }

  /** Started and not finished entries of all epochs. */
  long unfinished() {
    long n = 0;
    for (long[] slot : unfinished) {
      n += slot[1];
    }
    return n;
  }

  private long oldestUnfinished() {
    long[] first = unfinished.peekFirst();
    return first == null ? current : first[0];
  }

  private long[] slot(long epoch) {
    for (long[] slot : unfinished) {
      if (slot[0] == epoch) {
        return slot;
      }
    }
    // Only an unfinished entry can have repairs, so an epoch never gets entries again once all of its were done.
    throw new IllegalStateException("No unfinished entry of epoch " + epoch);
  }
}
