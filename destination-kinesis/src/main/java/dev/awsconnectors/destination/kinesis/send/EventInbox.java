package dev.awsconnectors.destination.kinesis.send;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The events of one consumer thread, handed over by any thread without a lock: {@link #post} queues and unparks the
 * consumer only while it waits. The consumer announces its wait before it looks at the queue a last time, so either
 * it sees a posted event or the poster sees it waiting (both are volatile accesses, in opposite order).
 *
 * <p>Lifecycle: the consumer thread is given at construction; any thread calls {@link #post}; only the consumer
 * calls {@link #poll} and {@link #take}. Interrupting the consumer ends a {@link #take} with
 * {@link InterruptedException}.
 *
 * @param <E> an event
 */
final class EventInbox<E> {
  private final ConcurrentLinkedQueue<E> events = new ConcurrentLinkedQueue<>();
  private final Thread consumer;
  /** True while the consumer waits for events (parked or about to be). */
  private volatile boolean waiting;

  EventInbox(Thread consumer) {
    this.consumer = consumer;
  }

  /** Queues an event, from any thread, and wakes the consumer if it waits. */
  void post(E event) {
    events.add(event);
    if (waiting) {
      LockSupport.unpark(consumer);
    }
  }

  /** The next queued event, or null. Consumer only. */
  E poll() {
    return events.poll();
  }

  /** The next event, waiting up to {@code nanos} for one; null if none came. Consumer only. */
  E take(long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    E event = events.poll();
    if (event != null || nanos <= 0) {
      return event;
    }
    long deadline = System.nanoTime() + nanos;
    waiting = true;
    try {
      while ((event = events.poll()) == null) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        LockSupport.parkNanos(this, left);
      }
      return event;
    } finally {
      waiting = false;
    }
  }
}
