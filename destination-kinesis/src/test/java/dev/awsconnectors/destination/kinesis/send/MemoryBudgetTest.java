package dev.awsconnectors.destination.kinesis.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MemoryBudgetTest {
  @Test
  void beforeWaitingRunsOnlyWhenTheBytesAreNotFreeAndOnceBeforeTheWait() throws Exception {
    MemoryBudget budget = new MemoryBudget(100);
    AtomicInteger before = new AtomicInteger();
    budget.acquire(60, before::incrementAndGet, () -> {});
    assertThat(before).hasValue(0);

    // Not free: what runs before the wait frees the bytes here, as the loop acknowledging a handed-over run would.
    List<String> calls = new ArrayList<>();
    budget.acquire(60, () -> {
      calls.add("before");
      budget.release(60);
    }, () -> calls.add("check"));
    assertThat(calls).containsExactly("before", "check");
  }

  @Test
  void pressureStartsWhenLessThanAnEighthIsFree() throws Exception {
    MemoryBudget budget = new MemoryBudget(800);
    budget.acquire(699, () -> {}, () -> {});
    assertThat(budget.underPressure()).isFalse();
    budget.acquire(2, () -> {}, () -> {});
    assertThat(budget.underPressure()).isTrue();
    budget.release(701);
    assertThat(budget.underPressure()).isFalse();
  }

  @Test
  void aRecordLargerThanTheBudgetTakesAllOfIt() throws Exception {
    MemoryBudget budget = new MemoryBudget(100);
    budget.acquire(10_000, () -> {}, () -> {});
    assertThat(budget.underPressure()).isTrue();
    budget.release(10_000);
    budget.acquire(100, () -> {}, () -> {});
  }

  @Test
  void aFailureSeenWhileWaitingStopsTheWaitAndTakesNothing() throws Exception {
    MemoryBudget budget = new MemoryBudget(100);
    budget.acquire(100, () -> {}, () -> {});
    AtomicInteger checks = new AtomicInteger();
    assertThatThrownBy(() -> budget.acquire(1, () -> {}, () -> {
      if (checks.incrementAndGet() == 2) {
        throw new IllegalStateException("the loop failed");
      }
    })).hasMessage("the loop failed");
    budget.release(100);
    assertThatThrownBy(() -> budget.acquire(100, () -> {}, () -> {
      throw new IllegalStateException("failed meanwhile");
    })).hasMessage("failed meanwhile");
    assertThat(budget.underPressure()).as("the permits taken were given back").isFalse();
  }
}
