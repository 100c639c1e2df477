package dev.awsconnectors.commons.aws;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The one retry policy of the suite: how often and for how long a failing AWS call (or a record a call rejected) is
 * tried again, and how long to wait in between. Exponential backoff with full jitter: after {@code n} failures the
 * wait is uniformly random in {@code [0, min(maxDelay, baseDelay * 2^(n-1))]}, so that clients throttled together
 * do not retry together; never past the end of the budget.
 *
 * <p>Every SDK client built by {@link AwsClients} applies it through {@link PolicyRetryStrategy}; a connector uses
 * {@link #nextDelay} directly only for what the SDK cannot retry (entries a PutRecords answer rejected, a source's
 * expired iterator). Pure: the caller supplies the elapsed time and the random source.
 *
 * @param maxAttempts how often a call is made at most, the first attempt included
 * @param budget how long a call may keep failing, from its first attempt
 * @see <a href="https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/">Exponential backoff and
 *     jitter</a>
 */
public record RetryPolicy(int maxAttempts, Duration budget, Duration baseDelay, Duration maxDelay) {
  public static final int DEFAULT_MAX_ATTEMPTS = 20;
  public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(300);
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(10);
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_BUDGET, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY);

  /** A connection check answers within seconds: it tries at most this often and this long, whatever the config. */
  static final int CHECK_MAX_ATTEMPTS = 3;
  static final Duration CHECK_BUDGET = Duration.ofSeconds(15);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("budget must be positive, was " + budget);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, was " + baseDelay + ", " + maxDelay);
    }
  }

  /** The default backoff with the user's attempt count and budget. */
  public static RetryPolicy of(int maxAttempts, Duration budget) {
    return new RetryPolicy(maxAttempts, budget, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY);
  }

  /** This policy bounded for a connection check, which must answer quickly rather than wait out an outage. */
  public RetryPolicy forCheck() {
    return new RetryPolicy(Math.min(maxAttempts, CHECK_MAX_ATTEMPTS),
        budget.compareTo(CHECK_BUDGET) < 0 ? budget : CHECK_BUDGET, baseDelay, maxDelay);
  }

  /**
   * @param failures how many attempts have failed so far (at least 1)
   * @param elapsed the time since the first attempt started
   * @param random values in {@code [0, 1)}
   * @return the wait before the next attempt, or empty when the attempts or the budget are spent
   */
  public Optional<Duration> nextDelay(int failures, Duration elapsed, DoubleSupplier random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures starts at 1, was " + failures);
    }
    if (failures >= maxAttempts || elapsed.compareTo(budget) >= 0) {
      return Optional.empty();
    }
    long left = budget.minus(elapsed).toNanos();
    long delay = (long) (random.getAsDouble() * ceiling(failures).toNanos());
    return Optional.of(Duration.ofNanos(Math.min(delay, left)));
  }

  /** The upper bound of the jittered wait after {@code failures} failures. */
  public Duration ceiling(int failures) {
    long base = baseDelay.toNanos();
    long max = maxDelay.toNanos();
    int shift = Math.min(Math.max(0, failures - 1), 62);
    if (base > 0 && base > (max >> shift)) {
      return maxDelay;
    }
    return Duration.ofNanos(Math.min(max, base << shift));
  }

  /** For logs: "20 attempts within 300 s". */
  public String describe() {
    long millis = budget.toMillis();
    return maxAttempts + " attempts within " + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms");
  }
}
