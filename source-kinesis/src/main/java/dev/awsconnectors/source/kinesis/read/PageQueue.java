package dev.awsconnectors.source.kinesis.read;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over from the shard reader threads to the one emitting thread: events in the order they were put,
 * bounded by their {@link ShardEvent#weight}, which bounds a read's memory whatever the records' sizes. An event's
 * weight counts from {@link #put} until the emitting thread {@link #release}s it after handling it, so the page being
 * emitted counts too. An event always fits into an otherwise empty queue, so one page larger than the capacity
 * cannot block reading forever, and events without weight (a vanished shard, a failure) never wait.
 *
 * <p>Lifecycle: reader threads {@link #put} (blocking while full); the emitting thread {@link #poll}s, handles the
 * event, then {@link #release}s it; {@link #close} (emitting thread, when the read ends) drops what waits, wakes the
 * blocked readers and refuses later events. Thread-safe; the lock is held only to move events, never across a call
 * to Kinesis.
 */
final class PageQueue {
  private final long capacity;
  private final ArrayDeque<ShardEvent> events = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition roomOrClosed = lock.newCondition();
  private long used;
  private boolean closed;

  /** @param capacity the weight (bytes) the events put and not yet released may hold together */
  PageQueue(long capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  /**
   * Appends {@code event}, waiting while the events not yet released leave no room for it.
   *
   * @return false, without appending, if the queue is closed
   */
  boolean put(ShardEvent event) throws InterruptedException {
    long weight = event.weight();
    lock.lockInterruptibly();
    try {
      while (!closed && weight > 0 && used > 0 && used + weight > capacity) {
        roomOrClosed.await();
      }
      if (closed) {
        return false;
      }
      used += weight;
      events.addLast(event);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The oldest event, waiting up to {@code timeoutMillis} for one; null if none came (or the queue is closed). */
  ShardEvent poll(long timeoutMillis) throws InterruptedException {
    long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    lock.lockInterruptibly();
    try {
      while (events.isEmpty() && !closed && nanos > 0) {
        nanos = notEmpty.awaitNanos(nanos);
      }
      return events.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  /** The emitting thread is done with {@code event}: its weight makes room for others. */
  void release(ShardEvent event) {
    lock.lock();
    try {
      used = Math.max(0, used - event.weight());
      roomOrClosed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean isEmpty() {
    lock.lock();
    try {
      return events.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** The weight held by events put and not yet released. */
  long used() {
    lock.lock();
    try {
      return used;
    } finally {
      lock.unlock();
    }
  }

  /** Drops the waiting events and refuses new ones; readers blocked in {@link #put} return false. */
  void close() {
    lock.lock();
    try {
      closed = true;
      events.clear();
      used = 0;
      roomOrClosed.signalAll();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
