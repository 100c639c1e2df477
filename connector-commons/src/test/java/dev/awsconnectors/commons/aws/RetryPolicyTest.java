package dev.awsconnectors.commons.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final RetryPolicy POLICY =
      new RetryPolicy(5, Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(2));

  @Test
  void ceilingDoublesFromTheBaseDelayUpToTheMaximum() {
    assertThat(POLICY.ceiling(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(POLICY.ceiling(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(POLICY.ceiling(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(POLICY.ceiling(5)).isEqualTo(Duration.ofMillis(1600));
    assertThat(POLICY.ceiling(6)).isEqualTo(Duration.ofSeconds(2));
    assertThat(POLICY.ceiling(64)).isEqualTo(Duration.ofSeconds(2));
    assertThat(POLICY.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void fullJitterSpansZeroToTheCeiling() {
    assertThat(POLICY.nextDelay(3, Duration.ZERO, () -> 0.0)).contains(Duration.ZERO);
    assertThat(POLICY.nextDelay(3, Duration.ZERO, () -> 0.5)).contains(Duration.ofMillis(200));
    assertThat(POLICY.nextDelay(3, Duration.ZERO, () -> Math.nextDown(1.0)).orElseThrow())
        .isLessThan(Duration.ofMillis(400)).isGreaterThan(Duration.ofMillis(399));
  }

  @Test
  void jitteredDelaysStayWithinBoundsForAnyRandomValue() {
    Random random = new Random(42);
    for (int failures = 1; failures < 5; failures++) {
      for (int i = 0; i < 1000; i++) {
        Duration d = POLICY.nextDelay(failures, Duration.ZERO, random::nextDouble).orElseThrow();
        assertThat(d).isBetween(Duration.ZERO, POLICY.ceiling(failures));
      }
    }
  }

  @Test
  void stopsWhenTheAttemptsAreSpent() {
    assertThat(POLICY.nextDelay(4, Duration.ZERO, () -> 0.5)).isPresent();
    assertThat(POLICY.nextDelay(5, Duration.ZERO, () -> 0.5)).isEmpty();
    assertThat(RetryPolicy.of(1, Duration.ofSeconds(10)).nextDelay(1, Duration.ZERO, () -> 0.5)).isEmpty();
  }

  @Test
  void stopsWhenTheBudgetIsSpentAndNeverWaitsPastIt() {
    RetryPolicy patient = new RetryPolicy(100, Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(8));
    assertThat(patient.nextDelay(3, Duration.ofSeconds(10), () -> 0.5)).isEmpty();
    assertThat(patient.nextDelay(3, Duration.ofSeconds(11), () -> 0.5)).isEmpty();
    assertThat(patient.nextDelay(3, Duration.ofSeconds(9), () -> 0.99)).contains(Duration.ofSeconds(1));
    assertThat(patient.nextDelay(1, Duration.ofSeconds(1), () -> 0.5)).contains(Duration.ofSeconds(2));
  }

  @Test
  void aCheckTriesBrieflyWhateverTheConfiguration() {
    RetryPolicy check = RetryPolicy.DEFAULT.forCheck();
    assertThat(check.maxAttempts()).isEqualTo(3);
    assertThat(check.budget()).isEqualTo(Duration.ofSeconds(15));
    RetryPolicy small = RetryPolicy.of(2, Duration.ofSeconds(5)).forCheck();
    assertThat(small.maxAttempts()).isEqualTo(2);
    assertThat(small.budget()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> RetryPolicy.of(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.of(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> POLICY.nextDelay(0, Duration.ZERO, () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describesItselfForLogs() {
    assertThat(RetryPolicy.DEFAULT.describe()).isEqualTo("20 attempts within 300 s");
    assertThat(RetryPolicy.of(3, Duration.ofMillis(1500)).describe()).isEqualTo("3 attempts within 1500 ms");
  }
}
