package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class FreeNumberSearchTest {

  private static FreeNumberSearch run(long from, java.util.function.LongPredicate taken) {
    FreeNumberSearch search = new FreeNumberSearch(from);
    while (!search.done()) {
      search.answer(taken.test(search.probe()));
    }
    return search;
  }

  @Test
  void answersEverySetOfTakenNumbersWithAFreeNumberAfterATakenOne() {
    int width = 12;
    for (int mask = 0; mask < 1 << width; mask++) {
      BitSet taken = BitSet.valueOf(new long[] {mask});
      for (int from = 0; from < 4; from++) {
        FreeNumberSearch search = run(from, n -> n < width && taken.get((int) n));
        long result = search.result();
        assertThat(result).as("mask %s from %d", taken, from).isGreaterThanOrEqualTo(from);
        assertThat(result < width && taken.get((int) result)).as("free: mask %s from %d", taken, from).isFalse();
        if (result > from) {
          assertThat(taken.get((int) result - 1)).as("predecessor taken: mask %s from %d", taken, from).isTrue();
        }
        long nextTaken = taken.nextSetBit(from);
        boolean onlyARunFromStart = nextTaken == from && taken.nextSetBit(taken.nextClearBit(from)) < 0;
        if (onlyARunFromStart || nextTaken < 0 || nextTaken > from) {
          assertThat(result).as("taken numbers at and after %d are one run: mask %s", from, taken)
              .isEqualTo(nextTaken == from ? taken.nextClearBit(from) : from);
        }
      }
    }
  }

  @Test
  void findsTheEndOfAContiguousRunInLogarithmicallyManyQuestions() {
    for (long count : new long[] {0, 1, 2, 3, 7, 8, 9, 1000, 100_000, 1_000_000_007L}) {
      FreeNumberSearch search = run(0, n -> n < count);
      assertThat(search.result()).isEqualTo(count);
      int log = 64 - Long.numberOfLeadingZeros(Math.max(1, count));
      assertThat(search.questions()).as("questions for %d", count).isLessThanOrEqualTo(2 * log + 2);
    }
    assertThat(run(0, n -> n < 100_000).questions()).isLessThanOrEqualTo(36);
  }

  @Test
  void startsWhereItIsTold() {
    FreeNumberSearch search = run(500, n -> n >= 100 && n < 731);
    assertThat(search.result()).isEqualTo(731);
    assertThat(run(5, n -> false).questions()).isEqualTo(1);
  }

  @Test
  void givesUpOnAStoreWhereEverythingIsTaken() {
    assertThatThrownBy(() -> run(0, n -> true)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No free number");
    FreeNumberSearch search = new FreeNumberSearch(0);
    assertThatThrownBy(search::result).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new FreeNumberSearch(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
