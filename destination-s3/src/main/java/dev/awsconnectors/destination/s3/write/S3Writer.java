package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.log.Progress;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage.AirbyteStreamStatus;
import dev.awsconnectors.commons.protocol.AirbyteTraceMessage;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.DestinationWriter;
import dev.awsconnectors.commons.runtime.MessageOutput;
import dev.awsconnectors.commons.state.IncomingState;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.commons.state.StateLedger.RecordGroup;
import dev.awsconnectors.destination.s3.generation.GenerationCleaner;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import dev.awsconnectors.destination.s3.storage.KeyAllocator;
import dev.awsconnectors.destination.s3.storage.MemoryBudget;
import dev.awsconnectors.destination.s3.storage.ObjectMetadataKeys;
import dev.awsconnectors.destination.s3.storage.ObjectStore;
import dev.awsconnectors.destination.s3.storage.ObjectStore.NewObject;
import dev.awsconnectors.destination.s3.storage.ObjectUpload;
import dev.awsconnectors.destination.s3.storage.PartBuffer;
import dev.awsconnectors.destination.s3.storage.PartOutputStream;
import dev.awsconnectors.destination.s3.storage.PartSizing;
import dev.awsconnectors.destination.s3.storage.Retrier;
import dev.awsconnectors.destination.s3.storage.S3Limits;
import dev.awsconnectors.destination.s3.storage.UploadPool;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.OutputRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write of one sync: routes each record to its stream's open file for the record's directory (opening one when
 * needed), rolls files at the target size, keeps memory within the budget, finishes files whose records a waiting
 * state covers once the flush interval passed, acknowledges records to the {@link StateLedger} when their object is
 * complete, and deletes earlier generations of overwritten streams at the end.
 *
 * <p>Records are encoded on the runner's thread straight into upload parts; parts upload on the {@link UploadPool}.
 * A failed upload fails the sync at the next message. All public methods are synchronized with the flush timer.
 */
public final class S3Writer implements DestinationWriter {
  private static final Logger LOG = LoggerFactory.getLogger(S3Writer.class);
  private static final long MIB = S3Limits.MIB;

  /**
   * @param targetFileSize files are finished once this size is reached (after compression)
   * @param flushInterval how long a state may wait before the files holding its records are finished; zero: never
   * @param contentType the Content-Type of the objects
   * @param flushTimer run a timer that applies the flush interval while no message arrives
   */
  public record Settings(long targetFileSize, Duration flushInterval, PartSizing partSizing, String contentType,
      boolean flushTimer) {}

  private record WaitingState(long index, long afterRecord, long arrivedMillis) {}

  private final Map<StreamDescriptor, StreamSink> sinks = new LinkedHashMap<>();
  private final Settings settings;
  private final ObjectStore store;
  private final UploadPool pool;
  private final MemoryBudget budget;
  private final KeyAllocator keys;
  private final FileNameTemplate names;
  private final Retrier retrier;
  private final Clock clock;
  private final StateLedger ledger;
  private final FlushPolicy flushPolicy;
  private final RandomUuids uuids = new RandomUuids();
  private final Progress progress;
  private final Progress encoded;
  private final ArrayDeque<WaitingState> waitingStates = new ArrayDeque<>();
  private final Map<CompletableFuture<?>, ObjectUpload> completing = new ConcurrentHashMap<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final ScheduledExecutorService timer;
  private long records;
  private long statesReceived;
  private long formatBuffered;
  private long filesStarted;
  private long filesFinishedEarly;
  private long peakMemory;
  private boolean anyStatusSeen;
  private boolean finished;
  private boolean closed;

  public S3Writer(List<StreamPlan> streams, Settings settings, ObjectStore store, UploadPool pool,
      MemoryBudget budget, KeyAllocator keys, FileNameTemplate names, Retrier retrier, MessageOutput output,
      Clock clock) {
    streams.forEach(s -> sinks.put(s.stream().key(), new StreamSink(s.stream(), s.mode(), s.truncation(),
        s.formats(), s.path(), s.tag(), s.metadata(), s.syncId())));
    this.settings = settings;
    this.store = store;
    this.pool = pool;
    this.budget = budget;
    this.keys = keys;
    this.names = names;
    this.retrier = retrier;
    this.clock = clock;
    this.ledger = new StateLedger(output::emitState);
    this.flushPolicy = new FlushPolicy(settings.flushInterval());
    this.progress = new Progress("stored in S3", LOG, clock, Duration.ofSeconds(10));
    this.encoded = new Progress("received and encoded", LOG, clock, Duration.ofSeconds(10));
    if (settings.flushTimer() && !settings.flushInterval().isZero()) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "s3-flush-timer");
        t.setDaemon(true);
        return t;
      });
      timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    } else {
      timer = null;
    }
  }

  @Override
  public synchronized void acceptRecord(AirbyteRecordMessage record) throws IOException {
    throwIfFailed();
    StreamSink sink = sinks.get(new StreamDescriptor(record.stream(), record.namespace()));
    if (sink == null) {
      throw new SystemErrorException("A record of stream '" + record.streamDescriptor()
          + "' arrived, which is not in the configured catalog.");
    }
    String directory = sink.path.render(record.data());
    OpenFile file = sink.open.get(directory);
    if (file == null) {
      file = openFile(sink, directory);
    }
    RecordGroup group = ledger.recordAccepted(sink.descriptor);
    records++;
    sink.recordsAccepted++;
    long emittedAt = record.emittedAt() == null ? clock.millis() : record.emittedAt();
    long sizeBefore = file.size();
    try {
      file.write(new OutputRecord(uuids.next(), emittedAt, record.data(), record.meta()), group);
    } catch (IOException | RuntimeException e) {
      discard(file); // it may end in half a record: it must never be completed
      throw e;
    }
    long buffered = file.writer.bufferedBytes();
    formatBuffered += buffered - file.formatBuffered;
    file.formatBuffered = buffered;
    encoded.add(1, Math.max(0, file.size() - sizeBefore));
    if (file.size() >= settings.targetFileSize() || file.out.partsHandedOver() >= S3Limits.MAX_PARTS - 1) {
      finishFile(file);
    }
    long held = budget.used() + formatBuffered;
    peakMemory = Math.max(peakMemory, held);
    if (held > budget.limit()) {
      relieveMemory();
    }
    if ((records & 1023) == 0) {
      flushDueFiles(clock.millis());
    }
  }

  @Override
  public synchronized void acceptState(IncomingState state) {
    throwIfFailed();
    long index = statesReceived++;
    waitingStates.addLast(new WaitingState(index, records, clock.millis()));
    ledger.stateAccepted(state);
    flushDueFiles(clock.millis());
  }

  @Override
  public synchronized void acceptTrace(AirbyteTraceMessage trace) {
    if (trace.type() != AirbyteTraceMessage.Type.STREAM_STATUS || trace.streamStatus() == null) {
      return;
    }
    AirbyteStreamStatusTraceMessage status = trace.streamStatus();
    anyStatusSeen = true;
    StreamDescriptor stream = status.streamDescriptor() == null ? null : status.streamDescriptor().key();
    StreamSink sink = stream == null ? null : sinks.get(stream);
    if (sink == null) {
      LOG.warn("Ignoring a {} status of stream '{}', which is not in the configured catalog", status.status(),
          stream);
      return;
    }
    if (status.status() == AirbyteStreamStatus.COMPLETE) {
      sink.complete = true;
    }
  }

  /** Applies the flush interval while the input is idle; called by the timer. */
  public synchronized void tick() {
    if (!finished && !closed && failure.get() == null) {
      try {
        flushDueFiles(clock.millis());
      } catch (RuntimeException e) {
        fail(e);
      }
    }
  }

  @Override
  public synchronized void finish() {
    throwIfFailed();
    for (StreamSink sink : sinks.values()) {
      for (OpenFile file : List.copyOf(sink.open.values())) {
        finishFile(file);
      }
    }
    awaitUploads();
    throwIfFailed();
    GenerationCleaner cleaner = new GenerationCleaner(store, pool.executor());
    for (StreamSink sink : sinks.values()) {
      if (sink.truncation.mayDelete(sink.mode, sink.complete, anyStatusSeen)) {
        cleaner.clean(new GenerationCleaner.Plan(sink.descriptor, sink.tag, sink.truncation, listingPrefix(sink),
            Pattern.compile(sink.path.regex() + names.regex()), Set.copyOf(sink.completedKeys)));
      } else if (sink.truncation.truncates()) {
        LOG.warn("Stream '{}' was not reported complete: its earlier data is kept (an interrupted overwrite "
            + "deletes nothing); the next successful sync replaces it", sink.descriptor);
      }
    }
    finished = true;
    encoded.summary();
    progress.summary();
    LOG.info("Wrote {} files ({} finished early to stay within the {} MiB memory budget; peak {} MiB held by "
        + "buffers); {} states received, {} echoed", filesStarted, filesFinishedEarly, budget.limit() / MIB,
        peakMemory / MIB, statesReceived, ledger.releasedStates());
    if (ledger.pendingStates() > 0) {
      throw new SystemErrorException(ledger.pendingStates() + " states could not be confirmed although every file "
          + "was uploaded; " + ledger.unacknowledgedRecords() + " records are unaccounted for.");
    }
  }

  /**
   * Stores the records of every state received so far: finishes the open files holding them and waits for the
   * uploads, so those states are echoed. Deletes nothing; files holding only later records are aborted by close().
   */
  @Override
  public synchronized void flushBeforeFailure() {
    throwIfFailed();
    WaitingState newest = waitingStates.peekLast();
    if (newest != null && newest.index() >= ledger.releasedStates()) {
      int count = finishFilesCovering(newest);
      LOG.info("The sync is failing: finishing {} open files so that the {} states received are confirmed", count,
          statesReceived);
    }
    awaitUploads();
  }

  /** The most memory buffers held at once (parts, in flight or being filled, and format buffers), in bytes. */
  public synchronized long peakMemory() {
    return peakMemory;
  }

  /** Files finished before their target size to stay within the memory budget. */
  public synchronized long filesFinishedEarly() {
    return filesFinishedEarly;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
    try {
      if (!finished) {
        abortAll();
      }
    } finally {
      try {
        pool.close();
      } finally {
        store.close();
      }
    }
  }

  private OpenFile openFile(StreamSink sink, String directory) throws IOException {
    long now = clock.millis();
    String key = keys.allocate(directory, clock.instant(), sink.syncId);
    Map<String, String> metadata = new HashMap<>(sink.metadata);
    metadata.put(ObjectMetadataKeys.FILE_ID, uuids.next().toString());
    ObjectUpload upload = new ObjectUpload(store, pool, retrier, new NewObject(key, settings.contentType(), metadata),
        taken -> keys.reallocate(taken, clock.instant(), sink.syncId));
    PartOutputStream out = new PartOutputStream(budget, settings.partSizing(), upload);
    FormatWriter writer = sink.formats.open(out);
    OpenFile file = new OpenFile(sink, directory, writer, out, upload, records + 1, now);
    sink.open.put(directory, file);
    filesStarted++;
    LOG.debug("Started '{}' for stream '{}'", key, sink.descriptor);
    return file;
  }

  private void finishFile(OpenFile file) {
    StreamSink sink = file.stream;
    sink.open.remove(file.directory);
    formatBuffered -= file.formatBuffered;
    file.formatBuffered = 0;
    try {
      file.writer.finish();
    } catch (IOException e) {
      file.out.discard();
      file.upload.abort();
      throw new UncheckedIOException("Could not finish the file '" + file.upload.key() + "'", e);
    } catch (RuntimeException e) {
      file.out.discard();
      file.upload.abort();
      throw e;
    }
    PartBuffer last = file.out.takeLastPart();
    Map<RecordGroup, Long> groups = Map.copyOf(file.groups());
    long fileRecords = file.records;
    long started = file.openedAtMillis;
    CompletableFuture<ObjectUpload.Result> done = file.upload.complete(file.out.partsHandedOver() + 1, last);
    // The acknowledgement is part of what finish() waits for: once it returns, every state that can be is echoed.
    CompletableFuture<Void> acknowledged = done.handle((result, error) -> {
      if (error != null) {
        fail(error);
        return null;
      }
      sink.completedKeys.add(result.key());
      sink.recordsStored.addAndGet(fileRecords);
      groups.forEach(ledger::acknowledge);
      progress.add(fileRecords, result.bytes());
      LOG.info("Stored '{}': {} records, {} bytes in {} part(s), {} s after it was started", result.key(),
          fileRecords, result.bytes(), result.parts(), (clock.millis() - started) / 1000);
      return null;
    });
    completing.put(acknowledged, file.upload);
    acknowledged.whenComplete((v, e) -> completing.remove(acknowledged));
  }

  /** Keeps the buffers of open files and uploads within the budget; see {@link MemoryPolicy}. */
  private void relieveMemory() {
    while (true) {
      throwIfFailed();
      List<MemoryPolicy.Load<OpenFile>> loads = new ArrayList<>();
      long openPartBytes = 0;
      for (StreamSink sink : sinks.values()) {
        for (OpenFile file : sink.open.values()) {
          long part = file.out.bufferedBytes();
          openPartBytes += part;
          loads.add(new MemoryPolicy.Load<>(file, part, file.formatBuffered));
        }
      }
      long inFlight = Math.max(0, budget.used() - openPartBytes);
      MemoryPolicy.Action<OpenFile> action = MemoryPolicy.decide(budget.limit(), inFlight, loads);
      switch (action.kind()) {
        case NONE -> {
          return;
        }
        case WAIT_FOR_UPLOADS -> waitForMemory();
        case HAND_OVER_PART -> action.file().out.handOverEarly();
        case FINISH_FILE -> {
          filesFinishedEarly++;
          OpenFile file = action.file();
          LOG.info("The memory budget of {} MiB is used up ({} open files): finishing '{}' ({} MiB) early",
              budget.limit() / MIB, loads.size(), file.upload.key(), file.size() / MIB);
          finishFile(file);
        }
      }
    }
  }

  private void waitForMemory() {
    try {
      budget.awaitRelease(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemErrorException("Interrupted while waiting for uploads to free memory", e);
    }
  }

  /** Finishes the files holding records of the oldest waiting state, if it waited the flush interval. */
  private void flushDueFiles(long now) {
    long released = ledger.releasedStates();
    while (!waitingStates.isEmpty() && waitingStates.peekFirst().index() < released) {
      waitingStates.pollFirst();
    }
    WaitingState oldest = waitingStates.peekFirst();
    if (oldest == null || !flushPolicy.due(now, oldest.arrivedMillis())) {
      return;
    }
    int count = finishFilesCovering(oldest);
    if (count > 0) {
      LOG.info("A state has waited {} s for its records: finished {} open files early so that it can be confirmed",
          (now - oldest.arrivedMillis()) / 1000, count);
    }
  }

  /** Finishes the open files holding records that {@code state} covers; returns how many. */
  private int finishFilesCovering(WaitingState state) {
    int count = 0;
    for (StreamSink sink : sinks.values()) {
      for (OpenFile file : List.copyOf(sink.open.values())) {
        if (FlushPolicy.holdsRecordsBefore(file.firstRecord, state.afterRecord())) {
          finishFile(file);
          count++;
        }
      }
    }
    return count;
  }

  /** Waits until every finished file is stored (or failed); no file is finished meanwhile. */
  private void awaitUploads() {
    for (CompletableFuture<?> upload : List.copyOf(completing.keySet())) {
      try {
        upload.get();
      } catch (java.util.concurrent.ExecutionException e) {
        fail(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SystemErrorException("Interrupted while waiting for uploads", e);
      }
    }
    throwIfFailed();
  }

  private void discard(OpenFile file) {
    file.stream.open.remove(file.directory);
    formatBuffered -= file.formatBuffered;
    file.formatBuffered = 0;
    file.out.discard();
    file.upload.abort();
  }

  private void abortAll() {
    int aborted = 0;
    for (StreamSink sink : sinks.values()) {
      for (OpenFile file : sink.open.values()) {
        file.out.discard();
        file.upload.abort();
        aborted++;
      }
      sink.open.clear();
    }
    for (ObjectUpload upload : List.copyOf(completing.values())) {
      upload.abort();
      aborted++;
    }
    if (aborted > 0) {
      LOG.info("Aborted {} unfinished files: no partial object was created", aborted);
    }
  }

  private String listingPrefix(StreamSink sink) {
    return sink.path.listingPrefix() + (sink.path.isSyncIndependent() ? names.literalPrefix() : "");
  }

  private void fail(Throwable error) {
    Throwable cause = ObjectUpload.cause(error);
    if (failure.compareAndSet(null, cause)) {
      LOG.error("An upload failed: {}", cause.getMessage());
    }
  }

  private void throwIfFailed() {
    Throwable cause = failure.get();
    if (cause == null) {
      return;
    }
    if (cause instanceof ConnectorException ce) {
      throw ce;
    }
    throw new SystemErrorException("Writing to S3 failed: " + cause.getMessage(), cause);
  }
}
