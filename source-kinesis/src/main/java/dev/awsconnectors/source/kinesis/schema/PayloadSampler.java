package dev.awsconnectors.source.kinesis.schema;

import dev.awsconnectors.kinesis.record.KinesisLimits;
import dev.awsconnectors.kinesis.record.KplDeaggregator;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.record.RecordMapper;
import dev.awsconnectors.source.kinesis.shard.IteratorPosition;
import dev.awsconnectors.source.kinesis.shard.KinesisRecord;
import dev.awsconnectors.source.kinesis.shard.RecordsPage;
import dev.awsconnectors.source.kinesis.shard.ShardDescription;
import dev.awsconnectors.source.kinesis.shard.ShardReadException;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a bounded sample of a stream's payloads for {@link SchemaInference}, from every shard: its oldest records
 * (from TRIM_HORIZON) and its newest (from AT_TIMESTAMP shortly before the tip, which the oldest page's
 * MillisBehindLatest tells; not read again when the oldest records read are already that recent), so that both old
 * and new payload shapes are seen. Only GetShardIterator and GetRecords
 * are called: no state, no checkpoint, nothing in Kinesis changes.
 *
 * <p>Bounds: at most {@code maxRecords} user records per stream (a KPL aggregate holds several), split evenly between
 * the shards and their two ends; at most {@link #CALLS_PER_END} GetRecords calls per end of a shard (Kinesis may answer with empty pages);
 * and a deadline, after which the schema is inferred from what was read by then. Shards are sampled in parallel on
 * the given executor; each has its own inference, merged in shard order at the end so that the field order does
 * not depend on timing. Memory is that of the inferences, not of the records.
 */
public final class PayloadSampler {
  /** GetRecords calls per end of a shard, at most. */
  static final int CALLS_PER_END = 3;
  private static final Logger LOG = LoggerFactory.getLogger(PayloadSampler.class);

  private final ShardReaderClient client;
  private final ExecutorService executor;
  private final Clock clock;
  private final Duration newestWindow;

  /**
   * @param executor runs the shard samples; owned by the caller, who shuts it down
   * @param newestWindow the newest records are read from this long before the tip on
   */
  public PayloadSampler(ShardReaderClient client, ExecutorService executor, Clock clock, Duration newestWindow) {
    this.client = client;
    this.executor = executor;
    this.clock = clock;
    this.newestWindow = newestWindow;
  }

  /**
   * What a stream's sample gave.
   *
   * @param inference the payloads that are JSON objects, observed shard by shard
   * @param shards the stream's shards; {@code shardsSampled} of them answered at least one GetRecords call
   * @param records the user records read; {@code notObjects} of them were not a JSON object
   * @param complete false when the deadline or a failure cut the sample short
   */
  public record Sample(SchemaInference inference, int shards, int shardsSampled, long records, long notObjects,
      boolean complete, Duration took) {}

  /**
   * Samples {@code stream}, whose shards are {@code shards}, within {@code maxTime}. Failures of single shards
   * (throttling beyond retries, an expired shard) only shorten the sample; a failure of every shard is thrown.
   */
  public Sample sample(String stream, List<ShardDescription> shards, int maxRecords, Duration maxTime)
      throws InterruptedException {
    Instant started = clock.instant();
    Instant deadline = started.plus(maxTime);
    int perEnd = (int) Math.min(KinesisLimits.GET_RECORDS_MAX_LIMIT,
        Math.max(1, (maxRecords + 2L * shards.size() - 1) / (2L * Math.max(1, shards.size()))));
    List<ShardSample> samples = new ArrayList<>();
    List<Future<?>> futures = new ArrayList<>();
    for (ShardDescription shard : shards) {
      ShardSample s = new ShardSample(stream, shard.shardId(), perEnd, deadline);
      samples.add(s);
      futures.add(executor.submit(s::run));
    }
    boolean complete = true;
    RuntimeException failure = null;
    for (Future<?> f : futures) {
      long waitMillis = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
      try {
        f.get(waitMillis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        complete = false;
        f.cancel(true);
      } catch (ExecutionException e) {
        complete = false;
        failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
    SchemaInference merged = new SchemaInference();
    int sampled = 0;
    long records = 0;
    long notObjects = 0;
    for (ShardSample s : samples) {
      synchronized (s) {
        merged.merge(s.inference);
        sampled += s.answered ? 1 : 0;
        records += s.records;
        notObjects += s.notObjects;
        complete &= s.complete;
      }
    }
    if (failure != null) {
      if (sampled == 0) {
        throw failure;
      }
      LOG.warn("Stream '{}': some shards could not be sampled ({}); the schema is inferred from the others", stream,
          failure.getMessage());
    }
    return new Sample(merged, shards.size(), sampled, records, notObjects, complete,
        Duration.between(started, clock.instant()));
  }

  /** One shard's part of the sample; its fields are guarded by its monitor (the caller merges them concurrently). */
  private final class ShardSample {
    final String stream;
    final String shardId;
    final int perEnd;
    final Instant deadline;
    final SchemaInference inference = new SchemaInference();
    final Set<String> seen = new HashSet<>();
    boolean answered;
    long records;
    long notObjects;
    boolean complete = true;

    ShardSample(String stream, String shardId, int perEnd, Instant deadline) {
      this.stream = stream;
      this.shardId = shardId;
      this.perEnd = perEnd;
      this.deadline = deadline;
    }

    void run() {
      try {
        End oldest = readEnd(IteratorPosition.trimHorizon());
        if (!oldest.nearTip) {
          Instant tip = oldest.tipEstimate.orElseGet(clock::instant);
          readEnd(IteratorPosition.atTimestamp(tip.minus(newestWindow)));
        }
      } catch (ShardReadException e) {
        LOG.debug("Stream '{}': sampling shard {} stopped: {}", stream, shardId, e.getMessage());
        synchronized (this) {
          complete = false;
        }
      }
    }

    /** What reading one end of the shard told. */
    /**
     * @param nearTip the read reached the shard's end or its tip, or came within the newest window of it: the
     *     newest records are then no newer than what was read (a shard written within a minute is read once)
     */
    private record End(boolean nearTip, Optional<Instant> tipEstimate) {}

    private End readEnd(IteratorPosition from) {
      String iterator = client.shardIterator(stream, shardId, from);
      int observed = 0;
      Optional<Instant> lastArrival = Optional.empty();
      OptionalLong behind = OptionalLong.empty();
      for (int call = 0; call < CALLS_PER_END && observed < perEnd; call++) {
        if (!clock.instant().isBefore(deadline) || Thread.currentThread().isInterrupted()) {
          synchronized (this) {
            complete = false;
          }
          return new End(true, Optional.empty());
        }
        RecordsPage page = client.getRecords(iterator, perEnd - observed);
        observed += observe(page.records(), perEnd - observed);
        if (!page.records().isEmpty()) {
          lastArrival = Optional.of(page.records().get(page.records().size() - 1).approximateArrivalTimestamp());
        }
        behind = page.millisBehindLatest();
        if (page.shardEnded() || (behind.isPresent() && behind.getAsLong() == 0)) {
          return new End(true, Optional.empty());
        }
        iterator = page.nextShardIterator().orElseThrow();
      }
      long millisBehind = behind.orElse(0);
      boolean nearTip = lastArrival.isPresent() && millisBehind <= newestWindow.toMillis();
      return new End(nearTip, lastArrival.map(t -> t.plusMillis(millisBehind)));
    }

    /** Observes the user records of {@code page}, at most {@code quota}; returns how many. */
    private synchronized int observe(List<KinesisRecord> page, int quota) {
      answered = true;
      int observed = 0;
      for (KinesisRecord record : page) {
        if (!seen.add(record.sequenceNumber())) {
          continue; // the newest end overlapped the oldest
        }
        List<byte[]> payloads = KplDeaggregator.deaggregate(record.data())
            .map(users -> users.stream().map(UserRecord::data).toList())
            .orElseGet(() -> List.of(record.data()));
        for (byte[] payload : payloads) {
          if (observed == quota) {
            return observed;
          }
          observed++;
          records++;
          RecordMapper.parseObject(payload).ifPresentOrElse(inference::observe, () -> notObjects++);
        }
      }
      return observed;
    }
  }
}
