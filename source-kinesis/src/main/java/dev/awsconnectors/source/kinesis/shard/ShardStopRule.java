package dev.awsconnectors.source.kinesis.shard;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides after each GetRecords page whether to keep reading one shard in this sync, so that every sync ends even
 * while producers keep writing:
 * <ul>
 *   <li>{@link Outcome#SHARD_END}: the shard is closed and read to its end (null NextShardIterator);</li>
 *   <li>{@link Outcome#CAUGHT_UP}: MillisBehindLatest is at most the threshold and the page is short (fewer records
 *       than asked for, or none), so the reader is at the tip;</li>
 *   <li>{@link Outcome#PASSED_START_TIP}: the page holds a record that arrived after the newest record the shard had
 *       when this sync first read it (its arrival plus MillisBehindLatest of the first page with records), so
 *       everything that was in the shard at the start has been read.</li>
 * </ul>
 * Both times come from Kinesis' own clock (arrival timestamps and MillisBehindLatest), never from this machine's.
 * A missing MillisBehindLatest counts as 0. One instance per shard per sync; not thread-safe.
 */
public final class ShardStopRule {

  /** What to do after a page. */
  public enum Outcome {
    CONTINUE, SHARD_END, CAUGHT_UP, PASSED_START_TIP;

    public boolean isTerminal() {
      return this != CONTINUE;
    }
  }

  private final long caughtUpMillis;
  private Instant tipAtStart;

  public ShardStopRule(long caughtUpMillis) {
    this.caughtUpMillis = caughtUpMillis;
  }

  /**
   * @param records how many Kinesis records the page had
   * @param limit how many were asked for
   * @param lastArrival the arrival time of the page's last record, if it had records
   */
  public Outcome afterPage(int records, int limit, OptionalLong millisBehindLatest, boolean shardEnded,
      Optional<Instant> lastArrival) {
    if (shardEnded) {
      return Outcome.SHARD_END;
    }
    long behind = millisBehindLatest.orElse(0);
    if (records < limit && behind <= caughtUpMillis) {
      return Outcome.CAUGHT_UP;
    }
    if (lastArrival.isPresent()) {
      if (tipAtStart == null) {
        tipAtStart = lastArrival.get().plusMillis(Math.max(0, behind));
      } else if (lastArrival.get().isAfter(tipAtStart)) {
        return Outcome.PASSED_START_TIP;
      }
    }
    return Outcome.CONTINUE;
  }

  /** The newest arrival time the shard had when this sync started reading it, once known. */
  public Optional<Instant> tipAtStart() {
    return Optional.ofNullable(tipAtStart);
  }
}
