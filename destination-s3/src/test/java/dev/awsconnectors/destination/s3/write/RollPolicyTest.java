package dev.awsconnectors.destination.s3.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RollPolicyTest {
  private final RollPolicy policy = new RollPolicy(1000);

  @Test
  void rollsAtTheTargetSize() {
    assertThat(policy.shouldRoll(999, 0)).isFalse();
    assertThat(policy.shouldRoll(1000, 0)).isTrue();
    assertThat(policy.shouldRoll(5000, 3)).isTrue();
  }

  @Test
  void rollsOnePartBeforeTheLastPartS3Allows() {
    assertThat(policy.shouldRoll(0, 9_998)).isFalse();
    assertThat(policy.shouldRoll(0, 9_999)).isTrue();
  }

  @Test
  void refusesANonPositiveTarget() {
    assertThatThrownBy(() -> new RollPolicy(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
