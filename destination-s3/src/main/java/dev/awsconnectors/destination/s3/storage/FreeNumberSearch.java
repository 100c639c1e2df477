package dev.awsconnectors.destination.s3.storage;

/**
 * Finds a free file number at or after {@code from} by asking whether numbers are taken, in O(log n) rounds for a
 * run of n taken numbers: it gallops (from, from+1, from+2, from+4, ...) to the first free probe, then bisects back
 * to the first free number after a taken one. Files are numbered consecutively, so a directory of 100,000 files
 * costs about 34 questions asked one at a time instead of a listing of 100,000 keys, or about 8 rounds of up to 8
 * questions asked together. With gaps (files deleted by an overwrite) the result may be a free number inside the
 * numbers in use; the conditional write of every new object still guarantees that nothing is replaced.
 *
 * <p>Usage: while {@link #done()} is false, ask about every number of {@link #probes(int)} (at once, if you like)
 * and give the answers, in the same order, to {@link #answer(boolean[])}; then read {@link #result()}.
 * {@link #probe()} and {@link #answer(boolean)} are the same, one question at a time. Pure and not thread-safe.
 */
public final class FreeNumberSearch {
  /** Far beyond any real directory: 2^62 rounds would never end, a bug or a store that says yes to everything. */
  static final int MAX_ROUNDS = 128;

  private final long from;
  /** While galloping: the offset from {@code from} of the next number to ask about. */
  private long offset;
  private long lastTaken = -1;
  private long firstFree = -1;
  private long result = -1;
  private long[] asked;
  private int rounds;
  private int questions;

  public FreeNumberSearch(long from) {
    if (from < 0) {
      throw new IllegalArgumentException("File numbers start at 0, not " + from);
    }
    this.from = from;
  }

  public boolean done() {
    return result >= 0;
  }

  /**
   * The numbers to ask about next, ascending, at most {@code width} of them: while galloping the next gallop steps,
   * while bisecting numbers that cut the remaining range into equal parts.
   */
  public long[] probes(int width) {
    if (done()) {
      throw new IllegalStateException("The search is over");
    }
    if (width < 1) {
      throw new IllegalArgumentException("At least one question a round, not " + width);
    }
    if (firstFree < 0) {
      long[] gallop = new long[width];
      long step = offset;
      int n = 0;
      while (n < width) {
        gallop[n++] = from + step;
        if (step >= Long.MAX_VALUE / 4) {
          break;
        }
        step = Math.max(1, step * 2);
      }
      asked = java.util.Arrays.copyOf(gallop, n);
    } else {
      long gap = firstFree - lastTaken; // at least 2 while not done
      int n = (int) Math.min(width, gap - 1);
      long step = gap / (n + 1);
      asked = new long[n];
      for (int i = 0; i < n; i++) {
        asked[i] = lastTaken + step * (i + 1);
      }
    }
    return asked.clone();
  }

  /** The next number to ask about, alone: {@code probes(1)[0]}. */
  public long probe() {
    return probes(1)[0];
  }

  /** Whether {@link #probe()} is taken. */
  public void answer(boolean taken) {
    answer(new boolean[] {taken});
  }

  /** Whether each number of the last {@link #probes(int)} is taken, in the same order. */
  public void answer(boolean[] taken) {
    if (asked == null || taken.length != asked.length) {
      throw new IllegalArgumentException("Answer the " + (asked == null ? 0 : asked.length) + " numbers asked about");
    }
    if (++rounds > MAX_ROUNDS) {
      throw new IllegalStateException("No free number found after " + MAX_ROUNDS + " rounds of questions from "
          + from);
    }
    questions += taken.length;
    long[] numbers = asked;
    asked = null;
    for (int i = 0; i < numbers.length; i++) {
      if (taken[i]) {
        lastTaken = numbers[i];
        continue;
      }
      if (lastTaken < 0) {
        result = numbers[i]; // from itself is free
      } else {
        firstFree = numbers[i];
        settle();
      }
      return;
    }
    if (firstFree < 0) {
      long last = numbers[numbers.length - 1] - from;
      if (last >= Long.MAX_VALUE / 4) {
        throw new IllegalStateException("No free number found from " + from + ": every number asked about is taken");
      }
      offset = Math.max(1, last * 2);
    } else {
      settle();
    }
  }

  /** A free number (as far as the answers go) whose predecessor is taken, or {@code from} itself. */
  public long result() {
    if (!done()) {
      throw new IllegalStateException("The search is not over");
    }
    return result;
  }

  /** How many questions were asked. */
  public int questions() {
    return questions;
  }

  /** Between a taken number and a free one: done when they are adjacent. */
  private void settle() {
    if (firstFree - lastTaken == 1) {
      result = firstFree;
    }
  }
}
