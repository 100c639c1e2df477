package dev.awsconnectors.destination.kinesis.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetryQueueTest {
  private static final long MS = 1_000_000L;
  private final List<String> calls = new ArrayList<>();
  /** Waits 10 ms times the failures, 4 attempts, 1 s budget; records what it was asked. */
  private final RetryQueue.Backoff backoff = (failures, elapsed, random) -> {
    calls.add(failures + "@" + elapsed.toMillis() + "ms r=" + random.getAsDouble());
    return failures >= 4 || elapsed.compareTo(Duration.ofSeconds(1)) >= 0 ? Optional.empty()
        : Optional.of(Duration.ofMillis(10L * failures));
  };
  private final RetryQueue queue = new RetryQueue(backoff, () -> 0.25);
  private final Lane lane = new Lane("orders", true, 0, Optional.empty(), e -> {});

  private static PutEntry entry(String key) {
    return PutEntry.plain(new Member(new UserRecord(key, null, key.getBytes(StandardCharsets.UTF_8)), null, 1));
  }

  private List<String> promote(long now) {
    List<String> out = new ArrayList<>();
    queue.promoteDue(now, (l, e) -> out.add(l.stream + ":" + e.partitionKey));
    return out;
  }

  @Test
  void anEntryComesBackWhenItsBackoffHasPassed() {
    PutEntry a = entry("a");
    queue.retry(lane, a, "ProvisionedThroughputExceededException: slow down", 100 * MS);
    assertThat(calls).containsExactly("1@0ms r=0.25");
    assertThat(queue.nextDueNanos()).hasValue(110 * MS);
    assertThat(promote(109 * MS)).isEmpty();
    assertThat(promote(110 * MS)).containsExactly("orders:a");
    assertThat(queue.size()).isZero();
    assertThat(queue.nextDueNanos()).isEqualTo(OptionalLong.empty());
  }

  @Test
  void theBudgetRunsFromTheFirstFailure() {
    PutEntry a = entry("a");
    queue.retry(lane, a, "e1", 0);
    assertThat(promote(300 * MS)).hasSize(1);
    queue.retry(lane, a, "e2", 300 * MS);
    assertThat(promote(700 * MS)).hasSize(1);
    queue.retry(lane, a, "e3", 700 * MS);
    assertThat(calls).containsExactly("1@0ms r=0.25", "2@300ms r=0.25", "3@700ms r=0.25");
    assertThat(a.readyAtNanos).isEqualTo(730 * MS);
    assertThat(queue.retried()).isEqualTo(3);
  }

  @Test
  void aSpentBudgetEndsInATransientErrorNamingTheStreamTheAttemptsAndTheLastError() {
    PutEntry a = entry("a");
    for (int i = 1; i <= 3; i++) {
      queue.retry(lane, a, "e" + i, i * 100 * MS);
      promote(i * 100 * MS + 50 * MS);
    }
    assertThatThrownBy(() -> queue.retry(lane, a, "KMSThrottlingException: later", 2_300 * MS))
        .isInstanceOf(TransientErrorException.class)
        .hasMessageContaining("'orders'")
        .hasMessageContaining("after 4 attempts over 2 s")
        .hasMessageContaining("KMSThrottlingException: later")
        .hasMessageContaining("No record was lost");
  }

  @Test
  void dueEntriesComeBackEarliestFirstAndInArrivalOrderOnATie() {
    PutEntry a = entry("a");
    PutEntry b = entry("b");
    PutEntry c = entry("c");
    PutEntry d = entry("d");
    queue.retry(lane, a, "x", 50 * MS); // due 60
    queue.retry(lane, b, "x", 40 * MS); // due 50
    queue.retry(lane, c, "x", 40 * MS); // due 50, after b
    queue.retry(lane, d, "x", 55 * MS); // due 65
    assertThat(queue.nextDueNanos()).hasValue(50 * MS);
    assertThat(promote(60 * MS)).containsExactly("orders:b", "orders:c", "orders:a");
    assertThat(promote(1_000 * MS)).containsExactly("orders:d");
  }
}
