package dev.awsconnectors.source.kinesis.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.log.Progress;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage.AirbyteStreamStatus;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.MessageOutput;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.record.MappedRecord;
import dev.awsconnectors.source.kinesis.record.RecordMapper;
import dev.awsconnectors.source.kinesis.shard.Backoff;
import dev.awsconnectors.source.kinesis.shard.IteratorPosition;
import dev.awsconnectors.source.kinesis.shard.ResumeFilter;
import dev.awsconnectors.source.kinesis.shard.ShardReader;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import dev.awsconnectors.source.kinesis.shard.ShardStopRule;
import dev.awsconnectors.source.kinesis.state.ShardCheckpoint;
import dev.awsconnectors.source.kinesis.state.StateCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code read}: prepares every configured stream (its saved state, its shards), reads the eligible shards of all
 * streams in parallel and emits their records and states.
 *
 * <p>Threads: shard readers run on a bounded pool, one GetRecords call per task, each shard rescheduling itself
 * after its pacing delay, so shards take turns and none starves. A reader hands each page to a queue bounded in
 * pages and in bytes (which bounds memory) and never emits anything itself. The calling thread is the only one that emits records and
 * STATE messages and the only one that touches the stream states and shard lineages: it takes pages from the queue
 * in order, emits their records, advances the state right after each record, and emits a STATE only after the
 * records it covers. When a shard reaches its end, the same thread marks it finished and starts its children, so a
 * child's records always come after its parents'.
 *
 * <p>A sync ends when no shard is left to read (every shard finished, caught up or past the tip it had at the
 * start), or at {@code max_records_per_sync} (cut exactly, even inside a KPL aggregate), or at
 * {@code max_sync_duration_seconds}. Every stream gets a final STATE; on failure the final STATEs (which cover only
 * emitted records) and INCOMPLETE statuses are emitted before the exception propagates.
 */
public final class ReadSession {
  private static final Logger LOG = LoggerFactory.getLogger(ReadSession.class);
  /**
   * At most this many KiB of read pages wait for the emitting thread (counting twice their raw size for the JSON
   * they become); with at most one page (at most 10 MiB) in flight per reader thread, memory stays bounded whatever
   * the stream holds.
   */
  static final int QUEUED_KIB = 64 * 1024;

  private final KinesisSourceConfig config;
  private final ShardReaderClient client;
  private final MessageOutput output;
  private final Clock clock;
  private final ReadTuning tuning;
  private final RecordMapper mapper;
  private final RecordBudget budget;
  private final AtomicInteger activeShards = new AtomicInteger();
  private final BlockingQueue<Event> queue;
  /** KiB of pages handed over but not yet emitted, bounded so that memory does not depend on record sizes. */
  private final Semaphore queuedKib = new Semaphore(QUEUED_KIB);
  private final Progress progress;
  private volatile ScheduledThreadPoolExecutor executor;
  private volatile boolean stopping;
  private String stopReason;

  public ReadSession(KinesisSourceConfig config, ShardReaderClient client, MessageOutput output, ReadTuning tuning) {
    this.config = config;
    this.client = client;
    this.output = output;
    this.clock = output.clock();
    this.tuning = tuning;
    this.mapper = new RecordMapper(config.parseJson());
    this.budget = new RecordBudget(config.maxRecordsPerSync());
    this.queue = new ArrayBlockingQueue<>(Math.max(2, config.maxConcurrentShards()));
    this.progress = new Progress("read from Kinesis", LOG, clock, tuning.progressInterval());
  }

  /** What a shard reader hands to the emitting thread. */
  private sealed interface Event permits PageRead, ShardGone, ReaderFailed {}

  /** @param reserved the budget reservation of the call, released once the page is handled */
  private record PageRead(ShardTask task, ShardReader.Page page, int reserved, int kib) implements Event {}

  private record ShardGone(ShardTask task, String reason) implements Event {}

  private record ReaderFailed(ShardTask task, Throwable failure) implements Event {}

  /** Reads the configured streams; {@code input} is the input state (any form). */
  public void read(ConfiguredAirbyteCatalog catalog, List<AirbyteStateMessage> input) throws Exception {
    List<StreamDescriptor> started = new ArrayList<>();
    List<StreamRead> streams = new ArrayList<>();
    try {
      StreamSetup setup = new StreamSetup(config, client, clock);
      Map<String, JsonNode> saved = StreamSetup.inputStates(input);
      for (ConfiguredAirbyteStream configured : catalog.streams()) {
        output.streamStatus(configured.descriptor(), AirbyteStreamStatus.STARTED);
        started.add(configured.descriptor());
      }
      for (ConfiguredAirbyteStream configured : catalog.streams()) {
        streams.add(setup.prepare(configured, saved));
      }
      for (StreamRead s : streams) {
        output.streamStatus(s.descriptor, AirbyteStreamStatus.RUNNING);
      }
      pump(streams);
      for (StreamRead s : streams) {
        emitState(s);
        summarize(s);
      }
      progress.summary();
      for (StreamRead s : streams) {
        output.streamStatus(s.descriptor, AirbyteStreamStatus.COMPLETE);
      }
    } catch (Exception | Error failure) {
      stopReaders();
      for (StreamRead s : streams) {
        try {
          emitState(s);
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
        }
      }
      for (StreamDescriptor d : started) {
        try {
          output.streamStatus(d, AirbyteStreamStatus.INCOMPLETE);
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
        }
      }
      throw failure;
    } finally {
      stopReaders();
    }
  }

  private void pump(List<StreamRead> streams) throws Exception {
    executor = new ScheduledThreadPoolExecutor(config.maxConcurrentShards(), new ReaderThreads());
    executor.setRemoveOnCancelPolicy(true);
    long startedAt = clock.millis();
    Optional<Long> deadline = config.maxSyncDuration().map(d -> startedAt + d.toMillis());
    List<ShardTask> first = new ArrayList<>();
    for (StreamRead s : streams) {
      first.addAll(takeEligible(s));
    }
    first.forEach(executor::execute);
    while (!stopping && (activeShards.get() > 0 || !queue.isEmpty())) {
      long now = clock.millis();
      long wait = tuning.pollInterval().toMillis();
      if (deadline.isPresent()) {
        if (now >= deadline.get()) {
          stop("the maximum sync duration of " + config.maxSyncDuration().orElseThrow().toSeconds() + " s passed");
          break;
        }
        wait = Math.min(wait, deadline.get() - now);
      }
      Event event = queue.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
      if (event != null) {
        handle(event);
      }
      checkpointByTime(streams);
    }
    stopReaders();
    if (stopReason != null) {
      LOG.info("Stopped reading because {}; the next sync continues from the last STATE", stopReason);
    }
  }

  private void handle(Event event) throws Exception {
    if (event instanceof ReaderFailed failed) {
      Throwable t = failed.failure();
      if (t instanceof Exception e) {
        throw e;
      }
      throw (Error) t;
    }
    if (event instanceof ShardGone gone) {
      StreamRead s = gone.task().stream;
      String shard = gone.task().reader.shardId();
      s.state.remove(shard);
      s.lineage.expired(shard);
      s.shardsGone++;
      s.changedSinceState = true;
      activeShards.decrementAndGet();
      scheduleEligible(s);
      return;
    }
    PageRead read = (PageRead) event;
    try {
      emitPage(read);
    } finally {
      budget.release(read.reserved());
      queuedKib.release(read.kib());
    }
  }

  private void emitPage(PageRead read) {
    StreamRead s = read.task().stream;
    String shard = read.task().reader.shardId();
    ShardReader.Page page = read.page();
    for (MappedRecord record : page.records()) {
      if (!budget.tryTake()) {
        stop("the maximum of " + config.maxRecordsPerSync().orElseThrow() + " records per sync was reached");
        return;
      }
      emit(s, shard, record);
    }
    switch (page.outcome()) {
      case CONTINUE -> { }
      case SHARD_END -> {
        s.state.finished(shard);
        s.lineage.finished(shard, page.childShards());
        s.shardsFinished++;
        s.changedSinceState = true;
        activeShards.decrementAndGet();
        LOG.info("Stream '{}': shard {} read to its end", s.name, shard);
        scheduleEligible(s);
      }
      case CAUGHT_UP, PASSED_START_TIP -> {
        s.lineage.stopped(shard);
        activeShards.decrementAndGet();
        LOG.debug("Stream '{}': shard {} stopped for this sync ({})", s.name, shard, page.outcome());
      }
    }
    if (budget.isSpent()) {
      stop("the maximum of " + config.maxRecordsPerSync().orElseThrow() + " records per sync was reached");
    }
  }

  private void emit(StreamRead s, String shard, MappedRecord record) {
    output.record(new AirbyteRecordMessage(null, s.name, record.data(), clock.millis()));
    s.state.emitted(shard, record.sequenceNumber(), record.subSequenceNumber(), record.lastOfKinesisRecord());
    s.records++;
    s.recordsSinceState++;
    s.changedSinceState = true;
    if (record.payloadNotObject()) {
      s.payloadsNotObjects++;
    }
    progress.add(1, record.payloadBytes());
    if (s.recordsSinceState >= config.checkpoint().records()) {
      emitState(s);
    }
  }

  private void checkpointByTime(List<StreamRead> streams) {
    long now = clock.millis();
    for (StreamRead s : streams) {
      if (s.changedSinceState && now - s.lastStateAtMillis >= config.checkpoint().interval().toMillis()) {
        emitState(s);
      }
    }
  }

  private void emitState(StreamRead s) {
    output.state(AirbyteStateMessage.forStream(s.descriptor, StateCodec.toJson(s.state), s.recordsSinceState));
    s.recordsSinceState = 0;
    s.changedSinceState = false;
    s.lastStateAtMillis = clock.millis();
  }

  private void scheduleEligible(StreamRead s) {
    takeEligible(s).forEach(executor::execute);
  }

  /** The tasks of the shards that became eligible, counted as active before any of them runs (fair limits). */
  private List<ShardTask> takeEligible(StreamRead s) {
    List<ShardTask> tasks = new ArrayList<>();
    if (stopping) {
      return tasks;
    }
    for (String shardId : s.lineage.takeEligible()) {
      tasks.add(new ShardTask(s, newReader(s, shardId)));
      activeShards.incrementAndGet();
    }
    return tasks;
  }

  private ShardReader newReader(StreamRead s, String shardId) {
    ShardCheckpoint checkpoint = s.state.shard(shardId);
    IteratorPosition start;
    Optional<ResumeFilter> filter;
    if (checkpoint.hasPosition()) {
      String sequence = checkpoint.sequenceNumber().orElseThrow();
      if (checkpoint.insideAggregate()) {
        start = IteratorPosition.atSequenceNumber(sequence);
        filter = Optional.of(ResumeFilter.inside(sequence, checkpoint.subSequenceNumber().getAsLong()));
      } else {
        start = IteratorPosition.afterSequenceNumber(sequence);
        filter = Optional.of(ResumeFilter.through(sequence));
      }
    } else {
      start = s.state.startTimestamp().map(IteratorPosition::atTimestamp).orElseGet(IteratorPosition::trimHorizon);
      filter = Optional.empty();
    }
    LOG.debug("Stream '{}': reading shard {} from {}", s.name, shardId, start);
    Backoff backoff = new Backoff(tuning.backoffBase(), tuning.backoffMax(), () -> ThreadLocalRandom.current()
        .nextDouble());
    return new ShardReader(s.name, shardId, client, mapper, start, filter,
        new ShardStopRule(config.caughtUpMillisBehindLatest()), tuning.pacer(), backoff, tuning.retryBudget(), clock);
  }

  private void stop(String reason) {
    if (!stopping) {
      stopping = true;
      stopReason = reason;
    }
  }

  private void stopReaders() {
    stopping = true;
    ScheduledThreadPoolExecutor readers = executor;
    if (readers != null && !readers.isTerminated()) {
      readers.shutdownNow();
      queue.clear();
      try {
        if (!readers.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("Some shard readers did not stop within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    queue.clear();
  }

  private void summarize(StreamRead s) {
    LOG.info("Stream '{}': {} records emitted; {} shards read to their end in this sync, {} expired; {} shards "
        + "finished in the state", s.name, s.records, s.shardsFinished, s.shardsGone, s.state.finishedShards().size());
    if (s.payloadsNotObjects > 0) {
      LOG.warn("Stream '{}': {} records had a payload that is not a JSON object; it is kept, byte for byte, in "
          + "'data_base64'", s.name, s.payloadsNotObjects);
    }
  }

  /** Reads one page of one shard, hands it to the emitting thread, and schedules its next call. */
  private final class ShardTask implements Runnable {
    final StreamRead stream;
    final ShardReader reader;

    ShardTask(StreamRead stream, ShardReader reader) {
      this.stream = stream;
      this.reader = reader;
    }

    @Override
    public void run() {
      if (stopping) {
        return;
      }
      int limit = budget.reserve(config.recordsPerCall(), activeShards.get());
      if (limit == 0) {
        // The rest of the budget is reserved by calls in flight: wait for the emitting thread to catch up.
        reschedule(clock.millis() + tuning.pollInterval().toMillis());
        return;
      }
      boolean handedOver = false;
      try {
        ShardReader.Step step = reader.next(limit);
        if (step instanceof ShardReader.Retry retry) {
          reschedule(retry.notBeforeMillis());
        } else if (step instanceof ShardReader.Page page) {
          int kib = (int) Math.min(QUEUED_KIB, Math.max(1, page.bytes() * 2 / 1024));
          queuedKib.acquire(kib);
          try {
            queue.put(new PageRead(this, page, limit, kib));
          } catch (InterruptedException e) {
            queuedKib.release(kib);
            throw e;
          }
          handedOver = true;
          if (!page.outcome().isTerminal()) {
            reschedule(page.nextCallAtMillis());
          }
        } else if (step instanceof ShardReader.Gone gone) {
          queue.put(new ShardGone(this, gone.reason()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException | Error e) {
        if (!stopping) {
          try {
            queue.put(new ReaderFailed(this, e));
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      } finally {
        if (!handedOver) {
          budget.release(limit);
        }
      }
    }

    private void reschedule(long atMillis) {
      if (stopping) {
        return;
      }
      try {
        executor.schedule(this, Math.max(0, atMillis - clock.millis()), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        if (!stopping) {
          throw e;
        }
      }
    }
  }

  /** Daemon threads named after their job. */
  private static final class ReaderThreads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "kinesis-shard-reader-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
