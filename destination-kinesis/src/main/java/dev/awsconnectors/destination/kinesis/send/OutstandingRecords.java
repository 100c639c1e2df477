package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.commons.log.Progress;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.commons.state.StateLedger.RecordGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records handed to the send loop and not yet stored by Kinesis: their count and their memory. Once an entry is
 * stored, its records are acknowledged in the {@link StateLedger} (which may release states), their memory is freed
 * and they are counted in the progress log.
 *
 * <p>Lifecycle: {@link #add} on the writer's thread before a record is handed over (waits while the memory budget is
 * spent); {@link #acknowledge} on the loop's thread once per stored entry; {@link #summary} at the end. Thread-safe.
 */
final class OutstandingRecords {
  private static final Logger LOG = LoggerFactory.getLogger(SendLoop.class);

  private final StateLedger ledger;
  private final MemoryBudget memory;
  private final AtomicInteger count = new AtomicInteger();
  private final Progress progress;

  OutstandingRecords(StateLedger ledger, long maxBufferedBytes, Clock clock) {
    this.ledger = ledger;
    this.memory = new MemoryBudget(maxBufferedBytes);
    this.progress = new Progress("written to Kinesis", LOG, clock, Duration.ofSeconds(10));
  }

  /**
   * Takes the member's memory, waiting while the budget is spent: {@code beforeWaiting} runs once before the wait,
   * {@code whileWaiting} every 100 ms of it.
   */
  void add(Member member, Runnable beforeWaiting, Runnable whileWaiting) throws InterruptedException {
    memory.acquire(member.budgetBytes(), beforeWaiting, whileWaiting);
    count.incrementAndGet();
  }

  /** Kinesis stored {@code entry}: acknowledges its records, run by run of one ledger group, and frees them. */
  void acknowledge(PutEntry entry) {
    long bytes = 0;
    RecordGroup group = null;
    int run = 0;
    for (Member m : entry.members) {
      if (m.group() != group) {
        if (run > 0) {
          ledger.acknowledge(group, run);
        }
        group = m.group();
        run = 0;
      }
      run++;
      bytes += m.record().data().length;
      memory.release(m.budgetBytes());
    }
    if (run > 0) {
      ledger.acknowledge(group, run);
    }
    count.addAndGet(-entry.members.size());
    progress.add(entry.members.size(), bytes);
  }

  int count() {
    return count.get();
  }

  /** True if states wait for their records: idle aggregates are sealed rather than left to age. */
  boolean statesWaiting() {
    return ledger.pendingStates() > 0;
  }

  /** True if memory runs short: idle aggregates are sealed rather than left to age. */
  boolean memoryPressure() {
    return memory.underPressure();
  }

  void summary() {
    progress.summary();
  }
}
