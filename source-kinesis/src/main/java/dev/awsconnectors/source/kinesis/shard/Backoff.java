package dev.awsconnectors.source.kinesis.shard;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of {@code min(max, base * 2^(n-1))},
 * so that readers throttled together do not retry together. Pure given its random source.
 */
public final class Backoff {
  private final long baseMillis;
  private final long maxMillis;
  private final DoubleSupplier random;

  /** @param random values in [0, 1) */
  public Backoff(Duration base, Duration max, DoubleSupplier random) {
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("Invalid backoff");
    }
    this.baseMillis = base.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  /** The wait before retry number {@code attempt} (1 for the first retry). */
  public long delayMillis(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1");
    }
    long ceiling = baseMillis << Math.min(attempt - 1, 30);
    if (ceiling <= 0 || ceiling > maxMillis) {
      ceiling = maxMillis;
    }
    long half = ceiling / 2;
    return half + (long) (random.getAsDouble() * (ceiling - half));
  }
}
