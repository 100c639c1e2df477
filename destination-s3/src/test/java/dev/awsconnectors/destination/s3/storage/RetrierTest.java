package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {
  private final List<Duration> sleeps = new ArrayList<>();
  private final Retrier retrier = new Retrier(4, Duration.ofSeconds(1), Duration.ofSeconds(3), sleeps::add);

  @Test
  void retriesTransientFailuresWithGrowingDelays() {
    AtomicInteger calls = new AtomicInteger();
    String result = retrier.call("x", () -> {
      if (calls.incrementAndGet() < 4) {
        throw new TransientErrorException("SlowDown");
      }
      return "ok";
    });
    assertThat(result).isEqualTo("ok");
    assertThat(sleeps).hasSize(3);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(3));
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retrier.run("x", () -> {
      calls.incrementAndGet();
      throw new TransientErrorException("SlowDown");
    })).isInstanceOf(TransientErrorException.class);
    assertThat(calls).hasValue(4);
  }

  @Test
  void doesNotRetryOtherFailures() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retrier.run("x", () -> {
      calls.incrementAndGet();
      throw new ConfigErrorException("AccessDenied");
    })).isInstanceOf(ConfigErrorException.class);
    assertThat(calls).hasValue(1);
    assertThat(sleeps).isEmpty();
  }
}
