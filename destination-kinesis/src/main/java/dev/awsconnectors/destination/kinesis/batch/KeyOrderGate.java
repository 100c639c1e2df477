package dev.awsconnectors.destination.kinesis.batch;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps per-key order under partial failures: at most one entry per ordering key is released (waiting to be sent,
 * in flight or waiting for a retry) at a time; later entries of that key wait here, in arrival order, until it is
 * acknowledged. Within one PutRecords request Kinesis may accept entry j and reject an earlier entry i of the same
 * key; once that happened, the order cannot be repaired, so it must never be possible.
 *
 * <p>The ordering key is the partition key for plain records and the target shard for KPL aggregates (every record
 * of a shard travels in that shard's aggregates, one at a time). Not thread-safe.
 */
public final class KeyOrderGate<E> {
  /** A busy key with nothing waiting maps to this marker, so the common case allocates no queue. */
  private static final Object FREE_BEHIND = new Object();
  private final Map<String, Object> busy = new HashMap<>();
  private int waiting;

  /** True if {@code entry} is released now (its key was free); false if it waits behind an earlier one. */
  @SuppressWarnings("unchecked")
  public boolean admit(String key, E entry) {
    Object behind = busy.get(key);
    if (behind == null) {
      busy.put(key, FREE_BEHIND);
      return true;
    }
    ArrayDeque<E> queue;
    if (behind == FREE_BEHIND) {
      queue = new ArrayDeque<>(4);
      busy.put(key, queue);
    } else {
      queue = (ArrayDeque<E>) behind;
    }
    queue.addLast(entry);
    waiting++;
    return false;
  }

  /**
   * The released entry of {@code key} is acknowledged: returns the next entry of that key, now released, or
   * {@code null} (the key is free again).
   */
  @SuppressWarnings("unchecked")
  public E complete(String key) {
    Object behind = busy.get(key);
    if (behind == null) {
      throw new IllegalStateException("No entry of key '" + key + "' was released");
    }
    if (behind == FREE_BEHIND) {
      busy.remove(key);
      return null;
    }
    ArrayDeque<E> queue = (ArrayDeque<E>) behind;
    E next = queue.pollFirst();
    waiting--;
    if (queue.isEmpty()) {
      busy.put(key, FREE_BEHIND);
    }
    return next;
  }

  /** Entries held back behind a released entry of their key. */
  public int waiting() {
    return waiting;
  }

  /** Keys with a released entry. */
  public int busyKeys() {
    return busy.size();
  }
}
