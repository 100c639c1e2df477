package dev.awsconnectors.destination.kinesis.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final long SECOND = 1_000_000_000L;
  private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMillis(100),
      Duration.ofSeconds(2));

  @Test
  void ceilingDoublesFromTheInitialBackoffUpToTheMaximum() {
    assertThat(policy.ceilingNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(policy.ceilingNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(policy.ceilingNanos(3)).isEqualTo(Duration.ofMillis(400).toNanos());
    assertThat(policy.ceilingNanos(5)).isEqualTo(Duration.ofMillis(1600).toNanos());
    assertThat(policy.ceilingNanos(6)).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(policy.ceilingNanos(1000)).isEqualTo(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void fullJitterSpansZeroToTheCeiling() {
    assertThat(policy.nextDelay(3, 0, 0, () -> 0.0)).contains(Duration.ZERO);
    assertThat(policy.nextDelay(3, 0, 0, () -> 0.5)).contains(Duration.ofMillis(200));
    assertThat(policy.nextDelay(3, 0, 0, () -> 0.999999).orElseThrow())
        .isLessThan(Duration.ofMillis(400)).isGreaterThan(Duration.ofMillis(399));
  }

  @Test
  void stopsAfterTheLastAttempt() {
    assertThat(policy.nextDelay(4, 0, 0, () -> 0.5)).isPresent();
    assertThat(policy.nextDelay(5, 0, 0, () -> 0.5)).isEmpty();
    assertThat(new RetryPolicy(1, Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofMillis(1))
        .nextDelay(1, 0, 0, () -> 0.5)).isEmpty();
  }

  @Test
  void stopsWhenTheTimeBudgetIsSpent() {
    assertThat(policy.nextDelay(1, 0, 30 * SECOND, () -> 0.5)).isEmpty();
    assertThat(policy.nextDelay(1, 5 * SECOND, 34 * SECOND, () -> 0.5)).isPresent();
  }

  @Test
  void neverWaitsPastTheEndOfTheBudget() {
    long now = 30 * SECOND - Duration.ofMillis(50).toNanos();
    assertThat(policy.nextDelay(5 - 1, 0, now, () -> 1.0)).contains(Duration.ofMillis(50));
  }

  @Test
  void hugeFailureCountsDoNotOverflow() {
    RetryPolicy big = new RetryPolicy(Integer.MAX_VALUE, Duration.ofDays(1), Duration.ofSeconds(1),
        Duration.ofMinutes(1));
    assertThat(big.ceilingNanos(Integer.MAX_VALUE - 1)).isEqualTo(Duration.ofMinutes(1).toNanos());
    assertThat(big.ceilingNanos(64)).isEqualTo(Duration.ofMinutes(1).toNanos());
  }

  @Test
  void rejectsInconsistentSettings() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
