package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.commons.aws.RetryPolicy;
import dev.awsconnectors.commons.error.TransientErrorException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.function.BiConsumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries a PutRecords answer did not accept, waiting for their next attempt: the one retry the SDK cannot do (it
 * retries whole calls). Each entry has its own attempts and time budget of the connector's {@link RetryPolicy},
 * counted from its first failure, and waits the policy's jittered backoff; entries come back due-time first (first
 * come, first served on a tie).
 *
 * <p>Lifecycle: {@link #retry} when an entry failed (throws once its budget is spent); {@link #promoteDue} on every
 * turn of the loop hands the due entries back to their lanes; {@link #nextDueNanos} tells the loop when to wake up.
 * {@link #warn} logs failed requests, rate-limited. All times are the loop's nanosecond clock. Not thread-safe: owned
 * by the send loop's thread.
 */
final class RetryQueue {
  private static final Logger LOG = LoggerFactory.getLogger(RetryQueue.class);
  private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

  private record Due(Lane lane, PutEntry entry, long sequence) {}

  private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.<Due>comparingLong(d -> d.entry.readyAtNanos)
      .thenComparingLong(Due::sequence));
  private final RetryPolicy policy;
  private final DoubleSupplier random;
  private final String where;
  private long sequence;
  private boolean warned;
  private long nextWarnNanos;
  private long retried;

  /** @param where the region and endpoint the calls go to, for the message of a spent budget */
  RetryQueue(RetryPolicy policy, DoubleSupplier random, String where) {
    this.policy = policy;
    this.random = random;
    this.where = where;
  }

  /**
   * {@code entry} of {@code lane} failed with {@code error}: schedules its next attempt.
   *
   * @throws TransientErrorException when the entry's attempts or time budget are spent
   */
  void retry(Lane lane, PutEntry entry, String error, long now) {
    if (entry.failures == 0) {
      entry.firstFailureNanos = now;
    }
    entry.failures++;
    Duration elapsed = Duration.ofNanos(now - entry.firstFailureNanos);
    Optional<Duration> delay = policy.nextDelay(entry.failures, elapsed, random);
    if (delay.isEmpty()) {
      throw new TransientErrorException("Kinesis did not accept records for the stream '" + lane.stream + "' after "
          + entry.failures + " attempts over " + elapsed.toSeconds() + " s, calling kinesis:PutRecords (" + where
          + "; last error: " + error + "). No record was lost and no state covering them was emitted: running the "
          + "sync again resends them. If throttling persists, add shards, enable aggregation or lower "
          + "'max_concurrent_requests'.");
    }
    entry.readyAtNanos = now + delay.get().toNanos();
    queue.add(new Due(lane, entry, sequence++));
    retried++;
  }

  /** Hands every entry due at {@code now} back to its lane, earliest first. */
  void promoteDue(long now, BiConsumer<Lane, PutEntry> ready) {
    while (!queue.isEmpty() && queue.peek().entry.readyAtNanos <= now) {
      Due due = queue.poll();
      ready.accept(due.lane, due.entry);
    }
  }

  /** When the earliest entry is due; empty if none waits. */
  OptionalLong nextDueNanos() {
    return queue.isEmpty() ? OptionalLong.empty() : OptionalLong.of(queue.peek().entry.readyAtNanos);
  }

  /** Logs that {@code failed} of {@code total} entries of a request were not accepted, at most every 10 s. */
  void warn(String stream, int failed, int total, String error, long now) {
    if (!warned || now - nextWarnNanos >= 0) {
      warned = true;
      nextWarnNanos = now + WARN_INTERVAL_NANOS;
      LOG.warn("{} of {} records of a PutRecords request to '{}' were not accepted ({}); retrying them with "
          + "backoff (logged at most every 10 s)", failed, total, stream, error);
    }
  }

  /** Entries waiting for their next attempt. */
  int size() {
    return queue.size();
  }

  /** Attempts scheduled so far. */
  long retried() {
    return retried;
  }
}
