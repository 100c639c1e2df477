package dev.awsconnectors.source.kinesis.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.log.Progress;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage.AirbyteStreamStatus;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.MessageOutput;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.record.EnvelopeFields;
import dev.awsconnectors.source.kinesis.record.MappedRecord;
import dev.awsconnectors.source.kinesis.record.RecordMapper;
import dev.awsconnectors.source.kinesis.shard.ShardReader;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code read}: prepares every configured stream ({@link StreamSetup}), reads the eligible shards of all streams
 * in parallel and emits their records and states. The event loop of the emitting thread; the policies live in small
 * classes:
 * <ul>
 *   <li>{@link ShardReaders} and {@link ShardTask} read shards on a bounded pool of threads, one GetRecords call per
 *       turn, each shard paced on its own; they hand what they read to a {@link PageQueue} bounded in bytes (which
 *       bounds memory) and never emit anything;</li>
 *   <li>the calling thread, the only one that emits and the only one that touches the streams' states and shard
 *       lineages ({@link StreamRead}), takes the events in order, emits the records of a page, advances the state
 *       right after each record, and emits a STATE ({@link CheckpointPolicy}) only after the records it covers. When
 *       a shard reaches its end it marks it finished and starts its children ({@code ShardLineage}), so a child's
 *       records always come after its parents';</li>
 *   <li>{@link ResumePlan} says where each shard starts, {@link RecordBudget} shares {@code max_records_per_sync}
 *       fairly between the shards.</li>
 * </ul>
 *
 * <p>A sync ends when no shard is left to read (every shard finished, caught up or past the tip it had at the
 * start), or at {@code max_records_per_sync} (cut exactly, even inside a KPL aggregate), or at
 * {@code max_sync_duration_seconds}. Every stream gets a final STATE; on failure the final STATEs (which cover only
 * emitted records) and INCOMPLETE statuses are emitted before the exception propagates.
 */
public final class ReadSession {
  private static final Logger LOG = LoggerFactory.getLogger(ReadSession.class);
  /**
   * At most this many bytes of read pages (weighed by {@link ShardEvent#weight}) wait for or are being emitted by
   * the emitting thread; with at most one page in flight per reader thread (a GetRecords answer of at most 10 MiB
   * and its records), memory stays bounded whatever the stream holds.
   */
  static final long QUEUED_BYTES = 64L * 1024 * 1024;

  private final KinesisSourceConfig config;
  private final ShardReaderClient client;
  private final MessageOutput output;
  private final Clock clock;
  private final ReadTuning tuning;
  /** By stream name: each stream's records are checked against its own schema. */
  private final Map<String, ShardReader.Settings> readerSettings = new HashMap<>();
  private final RecordBudget budget;
  private final PageQueue queue = new PageQueue(QUEUED_BYTES);
  private final Progress progress;
  private ShardReaders readers;
  private ShardTask.Context taskContext;
  private String stopReason;

  public ReadSession(KinesisSourceConfig config, ShardReaderClient client, MessageOutput output, ReadTuning tuning) {
    this.config = config;
    this.client = client;
    this.output = output;
    this.clock = output.clock();
    this.tuning = tuning;
    this.budget = new RecordBudget(config.maxRecordsPerSync());
    this.progress = new Progress("read from Kinesis", LOG, clock, tuning.progressInterval());
  }

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
        String name = configured.stream().name();
        readerSettings.put(name, readerSettings(RecordMapper.forStream(config, name,
            configured.stream().jsonSchema())));
      }
      for (StreamRead s : streams) {
        output.streamStatus(s.descriptor, AirbyteStreamStatus.RUNNING);
      }
      pump(streams);
      for (StreamRead s : streams) {
        emitState(s);
        RecordMapper mapper = readerSettings.get(s.name).mapper();
        s.summarize(mapper.shape().metadata(EnvelopeFields.DATA_BASE64));
        mapper.drift().logSummary();
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

  /** The event loop: handles what the readers hand over until no shard is left or a stop condition holds. */
  private void pump(List<StreamRead> streams) throws Exception {
    readers = new ShardReaders(config.maxConcurrentShards(), clock);
    taskContext = new ShardTask.Context(budget, config.recordsPerCall(), readers::active, queue,
        readers::isStopping, clock, tuning.pollInterval().toMillis());
    OptionalLong deadline = config.maxSyncDuration().map(d -> OptionalLong.of(clock.millis() + d.toMillis()))
        .orElse(OptionalLong.empty());
    List<ShardTask> first = new ArrayList<>();
    for (StreamRead s : streams) {
      first.addAll(eligibleTasks(s));
    }
    readers.startAll(first);
    while (!readers.isStopping() && (readers.active() > 0 || !queue.isEmpty())) {
      long now = clock.millis();
      if (deadline.isPresent() && now >= deadline.getAsLong()) {
        stop("the maximum sync duration of " + config.maxSyncDuration().orElseThrow().toSeconds() + " s passed");
        break;
      }
      ShardEvent event = queue.poll(waitMillis(streams, now, deadline));
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

  /** How long the loop may wait for an event: until the deadline, the next STATE due by time, or a poll interval. */
  private long waitMillis(List<StreamRead> streams, long now, OptionalLong deadline) {
    long until = now + tuning.pollInterval().toMillis();
    if (deadline.isPresent()) {
      until = Math.min(until, deadline.getAsLong());
    }
    for (StreamRead s : streams) {
      OptionalLong due = s.checkpointDueAt();
      if (due.isPresent()) {
        until = Math.min(until, due.getAsLong());
      }
    }
    return Math.max(1, until - now);
  }

  private void handle(ShardEvent event) throws Exception {
    try {
      if (event instanceof ShardEvent.ReaderFailed failed) {
        if (failed.failure() instanceof Exception e) {
          throw e;
        }
        throw (Error) failed.failure();
      }
      if (event instanceof ShardEvent.ShardGone gone) {
        gone.stream().shardGone(gone.shardId());
        readers.shardDone();
        readers.startAll(eligibleTasks(gone.stream()));
        return;
      }
      emitPage((ShardEvent.PageRead) event);
    } finally {
      queue.release(event);
    }
  }

  private void emitPage(ShardEvent.PageRead read) {
    StreamRead s = read.stream();
    String shard = read.shardId();
    ShardReader.Page page = read.page();
    try {
      for (MappedRecord record : page.records()) {
        if (!budget.tryTake()) {
          stopAtRecordLimit();
          return;
        }
        output.record(s.lines, record.json(), clock.millis());
        progress.add(1, record.payloadBytes());
        if (s.emitted(shard, record)) {
          emitState(s);
        }
      }
      s.pageDone(shard, page);
      switch (page.outcome()) {
        case CONTINUE -> { }
        case SHARD_END -> {
          s.shardEnded(shard, page.childShards());
          readers.shardDone();
          readers.startAll(eligibleTasks(s));
        }
        case CAUGHT_UP, PASSED_START_TIP -> {
          s.shardStopped(shard, page);
          readers.shardDone();
        }
      }
      if (budget.isSpent()) {
        stopAtRecordLimit();
      }
    } finally {
      budget.release(read.reserved());
    }
  }

  private void checkpointByTime(List<StreamRead> streams) {
    long now = clock.millis();
    for (StreamRead s : streams) {
      if (s.checkpointDue(now)) {
        emitState(s);
      }
    }
  }

  private void emitState(StreamRead s) {
    output.state(s.checkpoint(clock.millis()));
  }

  /** Readers for the shards of {@code s} that became eligible (none once the read is stopping). */
  private List<ShardTask> eligibleTasks(StreamRead s) {
    List<ShardTask> tasks = new ArrayList<>();
    if (readers.isStopping()) {
      return tasks;
    }
    for (String shardId : s.takeEligible()) {
      ResumePlan plan = ResumePlan.of(s.state.shard(shardId), s.state.startTimestamp());
      LOG.debug("Stream '{}': reading shard {} from {}", s.name, shardId, plan.start());
      tasks.add(new ShardTask(s, new ShardReader(readerSettings.get(s.name), client, s.name, shardId,
          s.lineage.hashRange(shardId), plan.start(), plan.filter()), taskContext));
    }
    return tasks;
  }

  private ShardReader.Settings readerSettings(RecordMapper mapper) {
    return new ShardReader.Settings(mapper, tuning.pacer(), config.caughtUpMillisBehindLatest(),
        config.keepMisplacedRecords(), config.aws().retry(), () -> ThreadLocalRandom.current().nextDouble(), clock);
  }

  private void stopAtRecordLimit() {
    stop("the maximum of " + config.maxRecordsPerSync().orElseThrow() + " records per sync was reached");
  }

  private void stop(String reason) {
    if (!readers.isStopping()) {
      stopReason = reason;
      readers.stop();
    }
  }

  private void stopReaders() {
    queue.close();
    if (readers != null) {
      readers.close();
    }
  }
}
