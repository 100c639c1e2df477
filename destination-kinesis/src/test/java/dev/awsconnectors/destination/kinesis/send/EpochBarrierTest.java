package dev.awsconnectors.destination.kinesis.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EpochBarrierTest {
  /** An entry is its epoch and a name. */
  private record E(long epoch, String name) {}

  private final EpochBarrier<E> barrier = new EpochBarrier<>(E::epoch);

  private E start(long epoch, String name) {
    barrier.started(epoch);
    return new E(epoch, name);
  }

  @Test
  void entriesOfTheCurrentEpochPassAtOnce() {
    E a = start(0, "a");
    E b = start(0, "b");
    assertThat(barrier.pass(a)).isTrue();
    assertThat(barrier.pass(b)).isTrue();
    assertThat(barrier.finished(0)).isEmpty();
    assertThat(barrier.finished(0)).isEmpty();
    assertThat(barrier.unfinished()).isZero();
    assertThat(barrier.held()).isZero();
  }

  @Test
  void aNewEpochWaitsUntilEveryEntryOfTheOlderOnesIsDone() {
    E old1 = start(0, "old1");
    E old2 = start(0, "old2");
    barrier.pass(old1);
    barrier.pass(old2);
    barrier.advance();
    E new1 = start(1, "new1");
    E new2 = start(1, "new2");
    assertThat(barrier.pass(new1)).isFalse();
    assertThat(barrier.pass(new2)).isFalse();
    assertThat(barrier.held()).isEqualTo(2);

    assertThat(barrier.finished(0)).isEmpty();
    assertThat(barrier.finished(0)).containsExactly(new1, new2);
    assertThat(barrier.held()).isZero();
  }

  @Test
  void withNothingUnfinishedANewEpochPassesAtOnce() {
    barrier.advance();
    barrier.advance();
    assertThat(barrier.current()).isEqualTo(2);
    assertThat(barrier.pass(start(2, "x"))).isTrue();
  }

  @Test
  void threeEpochsReleaseOneAfterTheOther() {
    barrier.pass(start(0, "e0"));
    barrier.advance();
    E e1 = start(1, "e1");
    barrier.advance();
    E e2 = start(2, "e2");
    assertThat(barrier.pass(e1)).isFalse();
    assertThat(barrier.pass(e2)).isFalse();

    assertThat(barrier.finished(0)).containsExactly(e1);
    assertThat(barrier.held()).isEqualTo(1);
    assertThat(barrier.finished(1)).containsExactly(e2);
    assertThat(barrier.finished(2)).isEmpty();
    assertThat(barrier.unfinished()).isZero();
  }

  @Test
  void theRepairOfAnUnfinishedEntryCountsInItsOlderEpoch() {
    barrier.pass(start(0, "misplaced"));
    barrier.advance();
    E fresh = start(1, "fresh");
    assertThat(barrier.pass(fresh)).isFalse();
    barrier.started(0); // its repair
    barrier.started(0); // and another one

    assertThat(barrier.finished(0)).as("a repair").isEmpty();
    assertThat(barrier.finished(0)).as("the other repair").isEmpty();
    assertThat(barrier.finished(0)).as("the misplaced entry itself").containsExactly(fresh);
  }

  @Test
  void unknownEpochsAreRefused() {
    assertThatThrownBy(() -> barrier.finished(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> barrier.started(1)).isInstanceOf(IllegalArgumentException.class);
    barrier.pass(start(0, "a"));
    barrier.advance();
    barrier.pass(start(1, "b"));
    barrier.finished(0);
    assertThatThrownBy(() -> barrier.started(0)).as("epoch 0 is over").isInstanceOf(IllegalStateException.class);
  }
}
