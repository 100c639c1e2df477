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

  /** Asks {@code width} questions a round; returns the search and how many rounds it took. */
  private static FreeNumberSearch runInRounds(long from, int width, java.util.function.LongPredicate taken,
      int[] rounds) {
    FreeNumberSearch search = new FreeNumberSearch(from);
    while (!search.done()) {
      long[] probes = search.probes(width);
      assertThat(probes).isNotEmpty().hasSizeLessThanOrEqualTo(width).isSorted().doesNotHaveDuplicates();
      boolean[] answers = new boolean[probes.length];
      for (int i = 0; i < probes.length; i++) {
        answers[i] = taken.test(probes[i]);
      }
      search.answer(answers);
      rounds[0]++;
    }
    return search;
  }

  @Test
  void answersEverySetOfTakenNumbersWithAFreeNumberAfterATakenOneWhateverTheQuestionsPerRound() {
    for (int perRound : new int[] {1, 2, 3, 8}) {
      answersEverySetOfTakenNumbers(perRound);
    }
  }

  @Test
  void askingSeveralNumbersARoundFindsTheSameEndOfARunInFewerRounds() {
    for (long count : new long[] {0, 1, 2, 3, 7, 8, 9, 1000, 100_000, 1_000_000_007L}) {
      int[] rounds = new int[1];
      FreeNumberSearch search = runInRounds(0, 8, n -> n < count, rounds);
      assertThat(search.result()).isEqualTo(count);
      assertThat(search.questions()).isLessThanOrEqualTo(8 * rounds[0]);
    }
    int[] rounds = new int[1];
    runInRounds(0, 8, n -> n < 100_000, rounds);
    assertThat(rounds[0]).as("rounds for 100,000 numbers taken").isLessThanOrEqualTo(9);
    assertThat(runInRounds(500, 8, n -> n >= 100 && n < 731, new int[1]).result()).isEqualTo(731);
    assertThatThrownBy(() -> runInRounds(0, 8, n -> true, new int[1])).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No free number");
  }

  private static void answersEverySetOfTakenNumbers(int perRound) {
    int width = 12;
    for (int mask = 0; mask < 1 << width; mask++) {
      BitSet taken = BitSet.valueOf(new long[] {mask});
      for (int from = 0; from < 4; from++) {
        FreeNumberSearch search = perRound == 1 ? run(from, n -> n < width && taken.get((int) n))
            : runInRounds(from, perRound, n -> n < width && taken.get((int) n), new int[1]);
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
