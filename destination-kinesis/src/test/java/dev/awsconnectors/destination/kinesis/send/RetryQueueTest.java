package dev.awsconnectors.destination.kinesis.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.aws.RetryPolicy;
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
  /** 4 attempts within 1 s; with the random source at 0.5 the waits are 5, 10, 20 ms. */
  private final RetryQueue queue = new RetryQueue(new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofMillis(10),
      Duration.ofMillis(80)), () -> 0.5, "region us-east-1, endpoint http://127.0.0.1:1");
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
  void anEntryComesBackWhenItsJitteredBackoffHasPassed() {
    queue.retry(lane, entry("a"), "ProvisionedThroughputExceededException: slow down", 100 * MS);
    assertThat(queue.nextDueNanos()).hasValue(105 * MS);
    assertThat(promote(104 * MS)).isEmpty();
    assertThat(promote(105 * MS)).containsExactly("orders:a");
    assertThat(queue.size()).isZero();
    assertThat(queue.nextDueNanos()).isEqualTo(OptionalLong.empty());
  }

  @Test
  void theBackoffGrowsWithTheEntrysFailures() {
    PutEntry a = entry("a");
    queue.retry(lane, a, "e1", 0);
    assertThat(a.readyAtNanos).isEqualTo(5 * MS);
    promote(5 * MS);
    queue.retry(lane, a, "e2", 6 * MS);
    assertThat(a.readyAtNanos).isEqualTo(16 * MS);
    promote(16 * MS);
    queue.retry(lane, a, "e3", 17 * MS);
    assertThat(a.readyAtNanos).isEqualTo(37 * MS);
    assertThat(queue.retried()).isEqualTo(3);
  }

  @Test
  void theAttemptsRunOutEndingInATransientErrorNamingTheStreamTheCallTheEndpointAndTheLastError() {
    PutEntry a = entry("a");
    for (int i = 1; i <= 3; i++) {
      queue.retry(lane, a, "e" + i, i * 100 * MS);
      promote(i * 100 * MS + 50 * MS);
    }
    assertThatThrownBy(() -> queue.retry(lane, a, "KMSThrottlingException: later", 400 * MS))
        .isInstanceOf(TransientErrorException.class)
        .hasMessageContaining("'orders'")
        .hasMessageContaining("after 4 attempts over 0 s")
        .hasMessageContaining("kinesis:PutRecords (region us-east-1, endpoint http://127.0.0.1:1")
        .hasMessageContaining("KMSThrottlingException: later")
        .hasMessageContaining("No record was lost");
  }

  @Test
  void theTimeBudgetRunsFromTheFirstFailureAndNoWaitGoesPastIt() {
    PutEntry a = entry("a");
    queue.retry(lane, a, "e1", 0);
    promote(990 * MS);
    queue.retry(lane, a, "e2", 998 * MS);
    assertThat(a.readyAtNanos).as("10 ms would pass the budget: 2 ms").isEqualTo(1_000 * MS);
    promote(1_000 * MS);
    assertThatThrownBy(() -> queue.retry(lane, a, "e3", 1_000 * MS)).isInstanceOf(TransientErrorException.class)
        .hasMessageContaining("after 3 attempts over 1 s");
  }

  @Test
  void dueEntriesComeBackEarliestFirstAndInArrivalOrderOnATie() {
    queue.retry(lane, entry("a"), "x", 50 * MS); // due 55
    queue.retry(lane, entry("b"), "x", 40 * MS); // due 45
    queue.retry(lane, entry("c"), "x", 40 * MS); // due 45, after b
    queue.retry(lane, entry("d"), "x", 58 * MS); // due 63
    assertThat(queue.nextDueNanos()).hasValue(45 * MS);
    assertThat(promote(60 * MS)).containsExactly("orders:b", "orders:c", "orders:a");
    assertThat(promote(1_000 * MS)).containsExactly("orders:d");
  }
}
