package dev.awsconnectors.destination.s3.storage;

import dev.awsconnectors.commons.error.TransientErrorException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries an S3 request that failed transiently (throttling such as 503 SlowDown, 5xx, timeouts, network errors)
 * after the SDK's own retries gave up, with exponential backoff and jitter. Uploads are idempotent: a part or a
 * whole object can be sent again. Other failures are not retried.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final int attempts;
  private final Duration firstDelay;
  private final Duration maxDelay;
  private final Sleeper sleeper;

  public Retrier(int attempts, Duration firstDelay, Duration maxDelay, Sleeper sleeper) {
    if (attempts < 1) {
      throw new IllegalArgumentException("At least one attempt");
    }
    this.attempts = attempts;
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
    this.sleeper = sleeper;
  }

  public static Retrier standard(Sleeper sleeper) {
    return new Retrier(5, Duration.ofSeconds(1), Duration.ofSeconds(30), sleeper);
  }

  /** @param what a gerund phrase for the log, such as "uploading part 3 of 'key'" */
  public <T> T call(String what, Supplier<T> request) {
    for (int attempt = 1;; attempt++) {
      try {
        return request.get();
      } catch (TransientErrorException e) {
        if (attempt >= attempts) {
          throw e;
        }
        Duration delay = delay(attempt);
        LOG.warn("Attempt {} of {} failed while {}: {} Retrying in {} ms.", attempt, attempts, what, e.getMessage(),
            delay.toMillis());
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  public void run(String what, Runnable request) {
    call(what, () -> {
      request.run();
      return null;
    });
  }

  Duration delay(int attempt) {
    long base = Math.min(maxDelay.toMillis(), firstDelay.toMillis() << Math.min(20, attempt - 1));
    long jitter = base < 2 ? 0 : ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofMillis(base - base / 2 + jitter);
  }
}
