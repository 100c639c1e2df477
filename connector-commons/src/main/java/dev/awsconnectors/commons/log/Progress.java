package dev.awsconnectors.commons.log;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Counts records and bytes of a long operation and logs the totals and throughput every few seconds, plus a summary
 * at the end. Cheap enough to call per record; safe to call from several threads.
 */
public final class Progress {
  private final String what;
  private final Logger log;
  private final Clock clock;
  private final long intervalMillis;
  private final long startMillis;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong nextReportMillis;

  /** @param what a past participle for the messages, for example "written to Kinesis" */
  public Progress(String what, Logger log, Clock clock, Duration interval) {
    this.what = what;
    this.log = log;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
    this.startMillis = clock.millis();
    this.nextReportMillis = new AtomicLong(startMillis + intervalMillis);
  }

  public void add(long recordCount, long byteCount) {
    records.addAndGet(recordCount);
    bytes.addAndGet(byteCount);
    long now = clock.millis();
    long next = nextReportMillis.get();
    if (now >= next && nextReportMillis.compareAndSet(next, now + intervalMillis)) {
      log.info("{} so far: {}", capitalized(), figures(now));
    }
  }

  public long records() {
    return records.get();
  }

  public long bytes() {
    return bytes.get();
  }

  /** Logs the final totals and returns the line. */
  public String summary() {
    String line = capitalized() + ": " + figures(clock.millis());
    log.info(line);
    return line;
  }

  private String capitalized() {
    return "Records " + what;
  }

  private String figures(long now) {
    double seconds = Math.max(1, now - startMillis) / 1000.0;
    long r = records.get();
    long b = bytes.get();
    return String.format(Locale.ROOT, "%,d records, %.1f MB in %.1f s (%,.0f records/s, %.2f MB/s)",
        r, b / 1e6, seconds, r / seconds, b / 1e6 / seconds);
  }
}
