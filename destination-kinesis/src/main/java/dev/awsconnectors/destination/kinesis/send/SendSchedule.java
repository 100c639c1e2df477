package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.destination.kinesis.batch.PutRecordsBatcher;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * When requests go out, when open aggregates are sealed, and when the loop must wake up next; decided from what the
 * lanes hold and the loop's clock.
 *
 * <p>Requests: a full one at once; a partial one when nothing is in flight for its stream, when its oldest entry
 * waited the flush interval, or at the end of input. This is Nagle-like: entries gather while a request of their
 * stream is in flight, so frequent states still share requests, and a lone state never waits for a timer. Free
 * request slots are filled one request per lane in turn, starting one lane further every round, so a busy stream
 * cannot starve the others.
 *
 * <p>Aggregates: sealed once they are as old as the flush interval; all of a lane's at the end of input, or when the
 * lane is idle (nothing ready, nothing in flight) while a state waits to be released or the writer waits for memory.
 *
 * <p>Pure apart from the round-robin position, which {@link #dispatch} advances; used by the loop's thread only.
 */
final class SendSchedule {
  /** What the schedule reads of a lane. */
  interface LaneState {
    int readyCount();

    long readyBytes();

    /** When the oldest ready entry became ready; only asked when {@link #readyCount()} is positive. */
    long oldestReadyNanos();

    int inFlight();

    /** When the oldest open aggregate was opened; empty if none is open (or the lane does not aggregate). */
    OptionalLong oldestOpenNanos();
  }

  /** Which of a lane's open aggregates to seal. */
  enum Seal { NONE, AGED, ALL }

  private static final long IDLE_WAKE_UP_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long MIN_WAKE_UP_NANOS = Duration.ofMillis(1).toNanos();

  private final long flushNanos;
  private final int maxConcurrentRequests;
  private final PutRecordsBatcher<?> batcher;
  private long round;

  SendSchedule(Duration flushInterval, int maxConcurrentRequests, PutRecordsBatcher<?> batcher) {
    this.flushNanos = flushInterval.toNanos();
    this.maxConcurrentRequests = maxConcurrentRequests;
    this.batcher = batcher;
  }

  /** Which open aggregates of {@code lane} to seal now. */
  Seal seal(LaneState lane, boolean finishing, boolean statesWaiting, boolean memoryPressure) {
    if (lane.oldestOpenNanos().isEmpty()) {
      return Seal.NONE;
    }
    boolean idle = lane.inFlight() == 0 && lane.readyCount() == 0;
    return finishing || (idle && (statesWaiting || memoryPressure)) ? Seal.ALL : Seal.AGED;
  }

  /** With {@link Seal#AGED}: aggregates opened at or before this time are sealed. */
  long agedBefore(long now) {
    return now - flushNanos;
  }

  /** True if {@code lane}'s ready entries should go out in a request now. */
  boolean sendsNow(LaneState lane, boolean finishing, long now) {
    if (lane.readyCount() == 0) {
      return false;
    }
    if (finishing || batcher.fillsRequest(lane.readyCount(), lane.readyBytes())
        || now - lane.oldestReadyNanos() >= flushNanos) {
      return true;
    }
    // With nothing in flight for the stream, waiting cannot make the next request fuller any faster than sending.
    return lane.inFlight() == 0;
  }

  /**
   * Starts requests while slots are free: one per lane that {@link #sendsNow} in turn, round after round.
   *
   * @param inFlight requests in flight now, of all lanes
   * @param send takes a request's entries from the lane and starts it (the lane's state changes accordingly)
   * @return how many requests were started
   */
  <L extends LaneState> int dispatch(List<L> lanes, int inFlight, boolean finishing, long now, Consumer<L> send) {
    if (lanes.isEmpty()) {
      return 0;
    }
    int first = (int) (round++ % lanes.size());
    int started = 0;
    boolean sent = true;
    while (sent && inFlight + started < maxConcurrentRequests) {
      sent = false;
      for (int i = 0; i < lanes.size() && inFlight + started < maxConcurrentRequests; i++) {
        L lane = lanes.get((first + i) % lanes.size());
        if (sendsNow(lane, finishing, now)) {
          send.accept(lane);
          started++;
          sent = true;
        }
      }
    }
    return started;
  }

  /**
   * How long the loop may sleep before a lane's deadline (a partial request or an open aggregate reaching the flush
   * interval) or one of {@code deadlines} passes: at least a millisecond, a second if nothing is waiting.
   */
  long nanosUntilNextDeadline(List<? extends LaneState> lanes, long now, OptionalLong... deadlines) {
    boolean any = false;
    long next = 0;
    for (LaneState lane : lanes) {
      if (lane.readyCount() > 0) {
        long due = lane.oldestReadyNanos() + flushNanos;
        next = !any || due - next < 0 ? due : next;
        any = true;
      }
      OptionalLong open = lane.oldestOpenNanos();
      if (open.isPresent()) {
        long due = open.getAsLong() + flushNanos;
        next = !any || due - next < 0 ? due : next;
        any = true;
      }
    }
    for (OptionalLong deadline : deadlines) {
      if (deadline.isPresent()) {
        next = !any || deadline.getAsLong() - next < 0 ? deadline.getAsLong() : next;
        any = true;
      }
    }
    return any ? Math.max(MIN_WAKE_UP_NANOS, next - now) : IDLE_WAKE_UP_NANOS;
  }
}
