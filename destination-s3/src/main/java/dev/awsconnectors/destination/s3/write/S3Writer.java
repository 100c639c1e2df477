package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.id.RandomIds;
import dev.awsconnectors.commons.log.Progress;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage.AirbyteStreamStatus;
import dev.awsconnectors.commons.protocol.AirbyteTraceMessage;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.DestinationWriter;
import dev.awsconnectors.commons.runtime.IncomingRecord;
import dev.awsconnectors.commons.runtime.MessageOutput;
import dev.awsconnectors.commons.state.IncomingState;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.destination.s3.generation.GenerationCleaner;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import dev.awsconnectors.destination.s3.storage.FileKeys;
import dev.awsconnectors.destination.s3.storage.MemoryBudget;
import dev.awsconnectors.destination.s3.storage.ObjectStore;
import dev.awsconnectors.destination.s3.storage.PartSizing;
import dev.awsconnectors.destination.s3.storage.S3Limits;
import dev.awsconnectors.destination.s3.storage.UploadPool;
import dev.awsconnectors.format.OutputRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write of one sync, a thin facade over small parts: each record goes to its stream's {@link StreamSink}, one
 * per configured stream ({@link StreamSinks}), which opens, rolls and finishes that stream's files; the
 * {@link MemoryGovernor} keeps buffers within the budget, the {@link FlushSchedule} says which files waiting states
 * force to finish, the {@link UploadTracker} follows finished files until S3 stored them and acknowledges their
 * records to the {@link StateLedger}, which echoes the states. At the end, each overwritten stream's earlier data is
 * deleted by a {@link GenerationCleaner}.
 *
 * <p>Threads: the runner's thread calls the {@link DestinationWriter} methods; a timer thread applies the flush
 * interval while the input is idle; upload threads talk to S3. One lock guards the sinks, the governor and the
 * schedule, and it is never held while S3 answers: encoding, finishing a file and handing parts over never wait for
 * S3, and the waits that push back on the input (parts in flight, memory) happen after the lock is released.
 */
public final class S3Writer implements DestinationWriter {
  private static final Logger LOG = LoggerFactory.getLogger(S3Writer.class);
  private static final long MIB = S3Limits.MIB;
  /** Records of one stream encoded together when several streams are interleaved; see {@link RecordRun}. */
  private static final int RUN_LENGTH = 64;
  /** Metadata reads in flight at once during an overwrite's cleanup. */
  private static final int CLEANUP_CONCURRENCY = 16;

  /**
   * @param targetFileSize files are finished once this size is reached (after compression)
   * @param flushInterval how long a state may wait before the files holding its records are finished; zero: never
   * @param contentType the Content-Type of the objects
   * @param flushTimer run a timer that applies the flush interval while no message arrives
   */
  public record Settings(long targetFileSize, Duration flushInterval, PartSizing partSizing, String contentType,
      boolean flushTimer) {}

  private final StreamSinks sinks;
  private final ReentrantLock state = new ReentrantLock();
  private final ObjectStore store;
  private final UploadPool pool;
  private final Clock clock;
  private final StateLedger ledger;
  private final FlushSchedule schedule;
  private final MemoryGovernor governor;
  private final UploadTracker tracker;
  private final RandomIds uuids = new RandomIds();
  private final Progress encoded;
  private final Progress stored;
  private final FlushTimer timer;
  private long records;
  /** When the flush interval was last applied (clock millis): the timer leaves the lock alone for a tick after it. */
  private volatile long lastFlushCheck;
  private long statesReceived;
  private boolean anyStatusSeen;
  private volatile boolean finished;
  private volatile boolean closed;

  public S3Writer(List<StreamPlan> streams, Settings settings, ObjectStore store, UploadPool pool,
      MemoryBudget budget, FileNameTemplate names, MessageOutput output, Clock clock) {
    this.store = store;
    this.pool = pool;
    this.clock = clock;
    this.ledger = new StateLedger(output::emitState);
    this.schedule = new FlushSchedule(settings.flushInterval());
    this.governor = new MemoryGovernor(budget);
    this.encoded = new Progress("received and encoded", LOG, clock, Duration.ofSeconds(10));
    this.stored = new Progress("stored in S3", LOG, clock, Duration.ofSeconds(10));
    this.tracker = new UploadTracker(ledger, stored, clock);
    FileOpener opener = new FileOpener(store, pool, budget, settings.partSizing(), new FileKeys(store, names,
        pool.executor()), settings.contentType(), clock, uuids);
    StreamSink.Shared shared = new StreamSink.Shared(opener, new RollPolicy(settings.targetFileSize()), governor,
        tracker, names, streams.size() > 1 ? RUN_LENGTH : 1, Math.min(MIB, budget.limit() / 8 / streams.size()));
    this.sinks = new StreamSinks(streams, shared);
    timer = settings.flushTimer() && !settings.flushInterval().isZero() ? FlushTimer.start(this::tick) : null;
  }

  @Override
  public void acceptRecord(AirbyteRecordMessage record) throws IOException {
    acceptRecord(IncomingRecord.of(record));
  }

  /**
   * True when every stream writes its records' data as JSON text (JSONL or CSV without flattening) into a directory
   * that names no field of the data: the runner then never builds a tree of a record.
   */
  @Override
  public boolean readsDataAsBytes() {
    return sinks.takeDataAsJson();
  }

  /** The runner's path: the data stays JSON text unless a format or a path field needs its fields. */
  @Override
  public void acceptRecord(IncomingRecord record) throws IOException {
    boolean overBudget;
    state.lock();
    try {
      tracker.throwIfFailed();
      StreamSink sink = sinks.ofRecord(record.streamDescriptor());
      long number = ++records;
      StateLedger.RecordGroup group = ledger.recordAccepted(sink.descriptor());
      long emittedAt = record.emittedAt() == null ? clock.millis() : record.emittedAt();
      long bytes = sink.write(OutputRecord.of(uuids.nextUuid(), emittedAt, record), group, number);
      encoded.add(1, bytes);
      overBudget = governor.relieve(sinks::openFiles, sinks::encodeWaiting);
      if ((number & 1023) == 0) {
        flushDue(clock.millis());
      }
    } finally {
      state.unlock();
    }
    awaitCapacity(overBudget);
  }

  @Override
  public void acceptState(IncomingState incoming) {
    locked(() -> {
      tracker.throwIfFailed();
      statesReceived++;
      schedule.stateArrived(incoming.stream(), records, clock.millis());
      ledger.stateAccepted(incoming);
      flushDue(clock.millis());
    });
  }

  @Override
  public void acceptTrace(AirbyteTraceMessage trace) {
    if (trace.type() != AirbyteTraceMessage.Type.STREAM_STATUS || trace.streamStatus() == null) {
      return;
    }
    AirbyteStreamStatusTraceMessage status = trace.streamStatus();
    StreamDescriptor stream = status.streamDescriptor() == null ? null : status.streamDescriptor().key();
    locked(() -> {
      anyStatusSeen = true;
      StreamSink sink = sinks.find(stream);
      if (sink == null) {
        LOG.warn("Ignoring a {} status of stream '{}', which is not in the configured catalog", status.status(),
            stream);
      } else if (status.status() == AirbyteStreamStatus.COMPLETE) {
        sink.completed();
      }
    });
  }

  /**
   * Applies the flush interval while the input is idle; called by the timer (and by tests). While records flow, the
   * writer's thread applies it itself (every 1,024 records and at every state), and a tick then takes nothing, not
   * even the lock, which the writer's thread takes for every record (in a profile of 20 interleaved JSONL streams, 20
   * of the writer thread's 270 samples were in that lock, 6 of 249 with no timer, 2 of 231 since).
   */
  public void tick() {
    if (finished || closed || clock.millis() - lastFlushCheck < FlushTimer.PERIOD_MILLIS || !state.tryLock()) {
      return;
    }
    try {
      flushDue(clock.millis());
    } catch (RuntimeException e) {
      tracker.fail(e);
    } finally {
      state.unlock();
    }
  }

  @Override
  public void finish() {
    stopTimer();
    locked(() -> {
      tracker.throwIfFailed();
      sinks.finishAll();
    });
    tracker.awaitAll();
    GenerationCleaner cleaner = new GenerationCleaner(store, pool.executor(), CLEANUP_CONCURRENCY);
    sinks.cleanUp(cleaner, anyStatusSeen);
    finished = true;
    encoded.summary();
    stored.summary();
    sinks.logSummaries(LOG);
    LOG.info("Wrote {} files ({} finished early to stay within the {} MiB memory budget; peak {} MiB held by "
        + "buffers); {} states received, {} echoed", sinks.filesStored(),
        governor.filesFinishedEarly(), governor.limit() / MIB, governor.peak() / MIB, statesReceived,
        ledger.releasedStates());
    if (ledger.pendingStates() > 0) {
      throw new SystemErrorException(ledger.pendingStates() + " states could not be confirmed although every file "
          + "was uploaded; " + ledger.unacknowledgedRecords() + " records are unaccounted for.");
    }
  }

  /**
   * Stores the records of every state received so far: finishes the open files holding records they cover and
   * waits for the uploads, so those states are echoed. Deletes nothing; other open files are aborted by close().
   */
  @Override
  public void flushBeforeFailure() {
    stopTimer();
    locked(() -> {
      tracker.throwIfFailed();
      schedule.released(ledger.releasedStates());
      int count = sinks.finishCovered(schedule.all());
      if (count > 0) {
        LOG.info("The sync is failing: finished {} open files so that the {} states received are confirmed", count,
            statesReceived);
      }
    });
    tracker.awaitAll();
  }

  /** The most memory buffers held at once (parts, in flight or being filled, and format buffers), in bytes. */
  public long peakMemory() {
    return locked(governor::peak);
  }

  /** Files finished before their target size to stay within the memory budget. */
  public long filesFinishedEarly() {
    return locked(governor::filesFinishedEarly);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopTimer();
    try {
      if (!finished) {
        int aborted = locked(sinks::discardAll);
        aborted += tracker.abortPending(60);
        if (aborted > 0) {
          LOG.info("Aborted {} unfinished files: no partial object was created", aborted);
        }
      }
    } finally {
      try {
        pool.close();
      } finally {
        store.close();
      }
    }
  }

  /** The back pressure on the input, holding no lock: parts in flight, then memory while the budget is exceeded. */
  private void awaitCapacity(boolean overBudget) {
    try {
      pool.awaitCapacity();
      while (overBudget) {
        governor.awaitRelease(100);
        overBudget = locked(() -> {
          tracker.throwIfFailed();
          return governor.relieve(sinks::openFiles, sinks::encodeWaiting);
        });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemErrorException("Interrupted while waiting for uploads to free memory", e);
    }
  }

  /** Finishes the files of states that waited the flush interval; under the lock. */
  private void flushDue(long now) {
    lastFlushCheck = now;
    schedule.released(ledger.releasedStates());
    int count = sinks.finishCovered(schedule.due(now));
    if (count > 0) {
      LOG.info("States waited the flush interval for their records: finished {} open files early so that they "
          + "can be confirmed", count);
    }
  }

  private void locked(Runnable action) {
    locked(() -> {
      action.run();
      return null;
    });
  }

  private <T> T locked(Supplier<T> action) {
    state.lock();
    try {
      return action.get();
    } finally {
      state.unlock();
    }
  }

  private void stopTimer() {
    if (timer != null) {
      timer.close();
    }
  }
}
