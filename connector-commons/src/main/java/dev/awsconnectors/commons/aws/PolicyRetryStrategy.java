package dev.awsconnectors.commons.aws;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * The {@link RetryPolicy} as the AWS SDK's retry strategy, so that every call of every client retries the same way.
 *
 * <p>Lifecycle (driven by the SDK for each API call): {@link #acquireInitialToken} before the first attempt starts
 * the call's clock; after each failed attempt {@link #refreshRetryToken} either returns the wait before the next
 * attempt or throws {@link TokenAcquisitionFailedException}, after which the SDK throws the attempt's own failure to
 * the caller; {@link #recordSuccess} ends a call that succeeded. What may be retried is decided by the given
 * predicate ({@link AwsErrors#isTransient}: status and error codes, never message text). No token bucket or circuit
 * breaker: a sync throttled for a while should slow down, not fail while it still has budget. Thread-safe.
 *
 * <p>Retries are logged as one WARN at most every {@link #LOG_INTERVAL}, with the count since the last one.
 */
public final class PolicyRetryStrategy implements RetryStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyRetryStrategy.class);
  static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

  private final RetryPolicy policy;
  private final Predicate<Throwable> retryable;
  private final LongSupplier nanoClock;
  private final DoubleSupplier random;
  private final String where;
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong retriesLogged = new AtomicLong();
  private final AtomicLong lastLogNanos;

  /**
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
   * @param random values in {@code [0, 1)}
   * @param where the region and endpoint, for logs
   */
  public PolicyRetryStrategy(RetryPolicy policy, Predicate<Throwable> retryable, LongSupplier nanoClock,
      DoubleSupplier random, String where) {
    this.policy = policy;
    this.retryable = retryable;
    this.nanoClock = nanoClock;
    this.random = random;
    this.where = where;
    this.lastLogNanos = new AtomicLong(nanoClock.getAsLong());
  }

  /** One API call in progress: when it started and how often it failed. */
  record CallToken(String scope, long startNanos, int failures) implements RetryToken {}

  public RetryPolicy policy() {
    return policy;
  }

  /** How many retries this strategy granted so far, over all calls. */
  public long retries() {
    return retries.get();
  }

  @Override
  public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
    return AcquireInitialTokenResponse.create(new CallToken(request.scope(), nanoClock.getAsLong(), 0),
        Duration.ZERO);
  }

  @Override
  public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
    CallToken token = (CallToken) request.token();
    Throwable failure = request.failure();
    if (!retryable.test(failure)) {
      throw new TokenAcquisitionFailedException("Not retryable: " + AwsErrors.describe(failure), token, failure);
    }
    int failures = token.failures() + 1;
    long now = nanoClock.getAsLong();
    Duration elapsed = Duration.ofNanos(now - token.startNanos());
    Optional<Duration> delay = policy.nextDelay(failures, elapsed, random);
    if (delay.isEmpty()) {
      throw new TokenAcquisitionFailedException("Retries spent (" + policy.describe() + "): "
          + AwsErrors.describe(failure), token, failure);
    }
    Duration wait = delay.get();
    Optional<Duration> suggested = request.suggestedDelay();
    if (suggested.isPresent() && suggested.get().compareTo(wait) > 0) {
      wait = min(suggested.get(), policy.budget().minus(elapsed));
    }
    logRetry(now, failure, failures);
    return RefreshRetryTokenResponse.create(new CallToken(token.scope(), token.startNanos(), failures), wait);
  }

  @Override
  public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
    return RecordSuccessResponse.create(request.token());
  }

  @Override
  public int maxAttempts() {
    return policy.maxAttempts();
  }

  /** Never let the SDK add its own conditions: this policy is the only one. */
  @Override
  public boolean useClientDefaults() {
    return false;
  }

  @Override
  public Builder toBuilder() {
    return new Builder(this);
  }

  private void logRetry(long now, Throwable failure, int failures) {
    retries.incrementAndGet();
    long last = lastLogNanos.get();
    if (now - last >= LOG_INTERVAL.toNanos() || retriesLogged.get() == 0) {
      if (lastLogNanos.compareAndSet(last, now)) {
        long total = retries.get();
        long since = total - retriesLogged.getAndSet(total);
        LOG.warn("Retrying AWS calls ({}): {} retr{} since the last report, latest after {} (attempt {} of at most "
            + "{}).", where, since, since == 1 ? "y" : "ies", AwsErrors.describe(failure), failures + 1,
            policy.maxAttempts());
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Rebuilds the strategy with another attempt count or extra retryable failures. The backoff is the policy's:
   * setting another one is refused rather than silently ignored.
   */
  public static final class Builder implements RetryStrategy.Builder<Builder, PolicyRetryStrategy> {
    private RetryPolicy policy;
    private Predicate<Throwable> retryable;
    private final PolicyRetryStrategy from;

    private Builder(PolicyRetryStrategy from) {
      this.from = from;
      this.policy = from.policy;
      this.retryable = from.retryable;
    }

    @Override
    public Builder retryOnException(Predicate<Throwable> condition) {
      retryable = retryable.or(condition);
      return this;
    }

    @Override
    public Builder maxAttempts(int attempts) {
      policy = new RetryPolicy(attempts, policy.budget(), policy.baseDelay(), policy.maxDelay());
      return this;
    }

    @Override
    public Builder backoffStrategy(BackoffStrategy backoff) {
      throw new UnsupportedOperationException("The backoff is set by the connector's RetryPolicy");
    }

    @Override
    public Builder throttlingBackoffStrategy(BackoffStrategy backoff) {
      throw new UnsupportedOperationException("The backoff is set by the connector's RetryPolicy");
    }

    @Override
    public Builder treatAsThrottling(Predicate<Throwable> condition) {
      throw new UnsupportedOperationException("Throttling and other transient failures back off alike");
    }

    @Override
    public PolicyRetryStrategy build() {
      return new PolicyRetryStrategy(policy, retryable, from.nanoClock, from.random, from.where);
    }
  }
}
