package dev.awsconnectors.destination.s3.write;

import java.time.Duration;

/**
 * When waiting states force files to close early. A state is echoed only once the files holding the records before
 * it are complete; a large target file size could hold states back for a long time. When the oldest waiting state
 * has waited the flush interval, every open file holding a record that arrived before it is finished.
 */
final class FlushPolicy {
  private final long intervalMillis;

  /** @param interval zero disables time-based flushing */
  FlushPolicy(Duration interval) {
    this.intervalMillis = interval.toMillis();
  }

  /** True if the oldest waiting state, received at {@code stateArrivalMillis}, has waited long enough. */
  boolean due(long nowMillis, long stateArrivalMillis) {
    return intervalMillis > 0 && nowMillis - stateArrivalMillis >= intervalMillis;
  }

  /** True if a file whose first record had sequence number {@code firstRecord} holds records the state covers. */
  static boolean holdsRecordsBefore(long firstRecord, long stateAfterRecord) {
    return firstRecord <= stateAfterRecord;
  }
}
