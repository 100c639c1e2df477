package dev.awsconnectors.destination.s3.storage;

/**
 * Finds a free file number at or after {@code from} by asking whether single numbers are taken, in O(log n)
 * questions for a run of n taken numbers: it gallops (from, from+1, from+2, from+4, ...) to the first free probe,
 * then bisects back to the first free number after a taken one. Files are numbered consecutively, so a directory of
 * 100,000 files costs about 34 questions instead of a listing of 100,000 keys. With gaps (files deleted by an
 * overwrite) the result may be a free number inside the numbers in use; the conditional write of every new object
 * still guarantees that nothing is replaced.
 *
 * <p>Usage: while {@link #done()} is false, answer {@link #probe()} with {@link #answer(boolean)}; then read
 * {@link #result()}. Pure and not thread-safe.
 */
public final class FreeNumberSearch {
  /** Far beyond any real directory: 2^62 questions would never end, a bug or a store that says yes to everything. */
  static final int MAX_QUESTIONS = 128;

  private final long from;
  private long probe;
  private long lastTaken = -1;
  private long firstFree = -1;
  private long result = -1;
  private int questions;

  public FreeNumberSearch(long from) {
    if (from < 0) {
      throw new IllegalArgumentException("File numbers start at 0, not " + from);
    }
    this.from = from;
    this.probe = from;
  }

  public boolean done() {
    return result >= 0;
  }

  /** The number to ask about next. */
  public long probe() {
    if (done()) {
      throw new IllegalStateException("The search is over");
    }
    return probe;
  }

  /** Whether {@link #probe()} is taken. */
  public void answer(boolean taken) {
    if (++questions > MAX_QUESTIONS) {
      throw new IllegalStateException("No free number found after " + MAX_QUESTIONS + " questions from " + from);
    }
    if (firstFree < 0) {
      gallop(taken);
    } else {
      bisect(taken);
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

  private void gallop(boolean taken) {
    if (!taken) {
      if (lastTaken < 0) {
        result = probe;
      } else {
        firstFree = probe;
        next();
      }
      return;
    }
    lastTaken = probe;
    long offset = probe - from;
    if (offset >= Long.MAX_VALUE / 4) {
      throw new IllegalStateException("No free number found from " + from + ": every number asked about is taken");
    }
    probe = from + Math.max(1, offset * 2);
  }

  private void bisect(boolean taken) {
    if (taken) {
      lastTaken = probe;
    } else {
      firstFree = probe;
    }
    next();
  }

  /** Between a taken number and a free one: done when adjacent, else ask about the middle. */
  private void next() {
    if (firstFree - lastTaken == 1) {
      result = firstFree;
    } else {
      probe = lastTaken + (firstFree - lastTaken) / 2;
    }
  }
}
