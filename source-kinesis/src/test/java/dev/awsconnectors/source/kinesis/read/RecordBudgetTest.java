package dev.awsconnectors.source.kinesis.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RecordBudgetTest {
  @Test
  void withoutALimitEveryCallAsksForTheConfiguredRecords() {
    RecordBudget budget = new RecordBudget(OptionalLong.empty());
    assertThat(budget.reserve(10_000, 7)).isEqualTo(10_000);
    assertThat(budget.reserve(10_000, 7)).isEqualTo(10_000);
    for (int i = 0; i < 1000; i++) {
      assertThat(budget.tryTake()).isTrue();
    }
    assertThat(budget.isSpent()).isFalse();
  }

  @Test
  void eachShardReservesAnEqualShareWhateverTheOrderOfItsCalls() {
    RecordBudget budget = new RecordBudget(OptionalLong.of(100));
    assertThat(budget.reserve(10_000, 4)).isEqualTo(25);
    assertThat(budget.reserve(10_000, 4)).isEqualTo(25);
    assertThat(budget.reserve(10_000, 4)).isEqualTo(25);
    assertThat(budget.reserve(10_000, 4)).isEqualTo(25);
    assertThat(budget.reserve(10_000, 4)).as("a fifth call finds everything reserved").isZero();
  }

  @Test
  void sharesRoundUpAndNeverExceedTheCallLimit() {
    RecordBudget budget = new RecordBudget(OptionalLong.of(10));
    assertThat(budget.reserve(10_000, 3)).isEqualTo(4);
    assertThat(budget.reserve(2, 3)).isEqualTo(2);
    assertThat(budget.reserve(10_000, 3)).isEqualTo(4);
    assertThat(budget.reserve(10_000, 0)).isZero();
  }

  @Test
  void releasedReservationsAndEmittedRecordsDecideTheNextShare() {
    RecordBudget budget = new RecordBudget(OptionalLong.of(10));
    int a = budget.reserve(100, 2);
    int b = budget.reserve(100, 2);
    assertThat(a + b).isEqualTo(10);
    for (int i = 0; i < 3; i++) {
      budget.tryTake();
    }
    budget.release(a);
    assertThat(budget.reserve(100, 2)).isEqualTo(2);
    budget.release(b);
  }

  @Test
  void takingStopsExactlyAtTheLimit() {
    RecordBudget budget = new RecordBudget(OptionalLong.of(3));
    assertThat(budget.tryTake()).isTrue();
    assertThat(budget.tryTake()).isTrue();
    assertThat(budget.isSpent()).isFalse();
    assertThat(budget.tryTake()).isTrue();
    assertThat(budget.isSpent()).isTrue();
    assertThat(budget.tryTake()).isFalse();
    assertThat(budget.reserve(100, 2)).isZero();
  }
}
