package dev.awsconnectors.destination.kinesis.batch;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The retry budget of one entry: exponential backoff with full jitter (a uniformly random delay between zero and
 * {@code min(maxBackoff, initialBackoff * 2^(failures-1))}), bounded by a number of attempts and by the time since
 * the entry first failed. Pure: the caller supplies the random source and the clock readings.
 *
 * @param maxAttempts how often an entry is sent at most (the first send counts)
 * @param maxElapsed how long an entry may keep failing, from its first failure
 * @see <a href="https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/">Exponential backoff and
 *     jitter</a>
 */
public record RetryPolicy(int maxAttempts, Duration maxElapsed, Duration initialBackoff, Duration maxBackoff) {
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
  }

  /**
   * @param failures how many times the entry has failed so far (at least 1)
   * @param firstFailureNanos when it first failed, on the same clock as {@code nowNanos}
   * @return the delay before the next attempt, or empty when the budget is spent
   */
  public java.util.Optional<Duration> nextDelay(int failures, long firstFailureNanos, long nowNanos,
      DoubleSupplier random) {
    if (failures >= maxAttempts) {
      return java.util.Optional.empty();
    }
    long elapsed = nowNanos - firstFailureNanos;
    if (elapsed >= maxElapsed.toNanos()) {
      return java.util.Optional.empty();
    }
    long ceiling = ceilingNanos(failures);
    long delay = (long) (random.getAsDouble() * ceiling);
    // Never sleep past the end of the budget: the last attempt happens just before it runs out.
    delay = Math.min(delay, maxElapsed.toNanos() - elapsed);
    return java.util.Optional.of(Duration.ofNanos(Math.max(0, delay)));
  }

  /** The upper bound of the jittered delay after {@code failures} failures. */
  long ceilingNanos(int failures) {
    long initial = initialBackoff.toNanos();
    long max = maxBackoff.toNanos();
    int shift = Math.min(Math.max(0, failures - 1), 62);
    if (initial > 0 && initial > (max >> shift)) {
      return max;
    }
    return Math.min(max, initial << shift);
  }
}
