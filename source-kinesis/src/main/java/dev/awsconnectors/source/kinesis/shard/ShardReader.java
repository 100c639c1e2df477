package dev.awsconnectors.source.kinesis.shard;

import dev.awsconnectors.commons.aws.RetryPolicy;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.kinesis.record.KplDeaggregator;
import dev.awsconnectors.kinesis.record.ShardHashRange;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.record.MappedRecord;
import dev.awsconnectors.source.kinesis.record.RecordMapper;
import dev.awsconnectors.source.kinesis.record.RecordWriter;
import dev.awsconnectors.source.kinesis.shard.ShardStopRule.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one shard, one GetRecords call per {@link #next} call, and handles what Kinesis can answer along the way
 * that the SDK's retries cannot: an expired iterator is replaced by one from the last record read (waiting as the
 * connection's {@link RetryPolicy} says between renewals in a row, until it gives up), a rejected checkpoint falls
 * back to TRIM_HORIZON while skipping everything the checkpoint covers (so nothing is skipped silently and nothing is
 * read twice), and a shard that disappeared is reported as gone. Throttling and transient faults are retried inside
 * the client by the same policy; one that outlasts it ends the sync with a transient error naming the shard. KPL
 * aggregates that hold a user record outside the shard's hash key range (misplaced by a reshard; see
 * {@link ShardHashRange}) are dropped whole unless {@link Settings#keepMisplaced} is set, and counted either way.
 *
 * <p>Lifecycle: create one per shard per sync, then call {@link #next} until it returns a {@link Page} whose outcome
 * is terminal, or {@link Gone}; after a {@link Retry}, call again no earlier than its time. Calls may come from
 * different threads but never at the same time. It does not sleep: the caller schedules.
 */
public final class ShardReader {
  private static final Logger LOG = LoggerFactory.getLogger(ShardReader.class);

  /** What one call produced. */
  public sealed interface Step permits Page, Retry, Gone {}

  /**
   * A GetRecords page, already de-aggregated and mapped, without what an earlier sync emitted (and without misplaced
   * aggregates, unless they are kept).
   *
   * @param kinesisRecords how many Kinesis records the page had (before de-aggregation and skipping)
   * @param nextCallAtMillis the earliest time for the next call on this shard (per-shard read limits)
   * @param lastSequenceNumber the sequence number of the page's last Kinesis record, emitted or not: once every
   *     record of the page is emitted, the shard's position may move past it
   * @param misplaced the misplaced aggregates of the page and their user records (dropped, or kept)
   * @param heldBytes what the page's records hold in memory, roughly, until they are emitted
   */
  public record Page(List<MappedRecord> records, Outcome outcome, List<RecordsPage.ChildShard> childShards,
      int kinesisRecords, long bytes, long nextCallAtMillis, Optional<String> lastSequenceNumber,
      Misplaced misplaced, long heldBytes) implements Step {}

  /** Aggregates outside the shard's hash key range, and how many user records they held. */
  public record Misplaced(int aggregates, long userRecords) {
    public static final Misplaced NONE = new Misplaced(0, 0);
  }

  /** Nothing read; call again at {@code notBeforeMillis}. */
  public record Retry(long notBeforeMillis, String reason) implements Step {}

  /** The shard no longer exists (it expired); nothing more will come from it. */
  public record Gone(String reason) implements Step {}

  /**
   * What every reader of a sync shares.
   *
   * @param caughtUpMillis see {@link ShardStopRule}
   * @param keepMisplaced whether misplaced aggregates are emitted (for producers that do not re-send them)
   * @param renewals the connection's retry policy, for iterator renewals in a row
   * @param random values in [0, 1) for the policy's jitter
   */
  public record Settings(RecordMapper mapper, ShardPacer pacer, long caughtUpMillis, boolean keepMisplaced,
      RetryPolicy renewals, DoubleSupplier random, Clock clock) {}

  private final String stream;
  private final String shardId;
  private final ShardHashRange hashRange;
  private final ShardReaderClient client;
  private final Settings settings;
  private final RecordMapper mapper;
  private final ShardStopRule stopRule;
  private final Clock clock;

  private IteratorPosition position;
  private ResumeFilter filter;
  private String iterator;
  private boolean fellBack;
  private long skippedAfterFallback;
  private int renewalsInARow;
  private long firstRenewalAtMillis;

  /**
   * @param start where to start reading
   * @param filter what an earlier sync already emitted from {@code start} on, to skip
   */
  public ShardReader(Settings settings, ShardReaderClient client, String stream, String shardId,
      ShardHashRange hashRange, IteratorPosition start, Optional<ResumeFilter> filter) {
    this.stream = Objects.requireNonNull(stream);
    this.shardId = Objects.requireNonNull(shardId);
    this.hashRange = Objects.requireNonNull(hashRange);
    this.client = client;
    this.settings = settings;
    this.mapper = settings.mapper();
    this.position = Objects.requireNonNull(start);
    this.filter = filter.orElse(null);
    this.stopRule = new ShardStopRule(settings.caughtUpMillis());
    this.clock = settings.clock();
  }

  public String shardId() {
    return shardId;
  }

  /** Makes one attempt to read a page of at most {@code limit} Kinesis records. */
  public Step next(int limit) {
    long now = clock.millis();
    try {
      if (iterator == null) {
        iterator = client.shardIterator(stream, shardId, position);
      }
      RecordsPage page = client.getRecords(iterator, limit);
      renewalsInARow = 0;
      return page(page, limit, now);
    } catch (ShardReadException e) {
      return switch (e.kind()) {
        case ITERATOR_EXPIRED -> renewIterator(e, now);
        case POSITION_REJECTED -> fallBack(e, now);
        case SHARD_NOT_FOUND -> {
          LOG.warn("Shard {} of stream '{}' no longer exists (it expired after the stream's retention period): {}",
              shardId, stream, e.getMessage());
          yield new Gone(e.getMessage());
        }
      };
    } catch (TransientErrorException e) {
      throw new TransientErrorException("Reading shard " + shardId + " of the Kinesis stream '" + stream
          + "' failed. " + e.getMessage(), e, new StreamDescriptor(stream, null));
    }
  }

  /** Drops the expired iterator; the next call gets a new one from the last record read, after the policy's wait. */
  private Step renewIterator(ShardReadException e, long now) {
    if (renewalsInARow == 0) {
      firstRenewalAtMillis = now;
    }
    renewalsInARow++;
    Optional<Duration> wait = settings.renewals().nextDelay(renewalsInARow,
        Duration.ofMillis(now - firstRenewalAtMillis), settings.random());
    if (wait.isEmpty()) {
      throw new TransientErrorException("Kinesis kept expiring the iterators of shard " + shardId + " of the Kinesis "
          + "stream '" + stream + "' before they could be used: " + renewalsInARow + " renewals in a row within "
          + Duration.ofMillis(now - firstRenewalAtMillis).toSeconds() + " s, calling GetRecords (" + client.where()
          + "). Running the sync again should succeed.", e, new StreamDescriptor(stream, null));
    }
    LOG.info("The iterator of shard {} of stream '{}' expired ({}); getting a new one at {} in {} ms", shardId,
        stream, e.getMessage(), position, wait.get().toMillis());
    iterator = null;
    return new Retry(now + wait.get().toMillis(), "iterator expired");
  }

  private Page page(RecordsPage page, int limit, long callStartedAt) {
    List<MappedRecord> mapped = new ArrayList<>();
    int misplacedAggregates = 0;
    long misplacedRecords = 0;
    try (RecordWriter writer = mapper.writer()) {
      for (KinesisRecord record : page.records()) {
        long first = 0;
        if (filter != null) {
          first = filter.firstToEmit(record.sequenceNumber());
          if (filter.isPast(record.sequenceNumber())) {
            passedFilter(record);
          } else if (first == ResumeFilter.SKIP) {
            skippedAfterFallback++;
            continue;
          }
        }
        // Unpacked once, for the placement check and the records.
        Optional<List<UserRecord>> users = KplDeaggregator.deaggregate(record.data());
        long misplaced = misplacedUserRecords(record, users, first);
        if (misplaced > 0) {
          misplacedAggregates++;
          misplacedRecords += misplaced;
          if (!settings.keepMisplaced()) {
            continue;
          }
        }
        writer.write(shardId, record, users, first, mapped);
      }
    }
    if (!page.records().isEmpty()) {
      String last = page.records().get(page.records().size() - 1).sequenceNumber();
      position = IteratorPosition.afterSequenceNumber(last);
    }
    iterator = page.nextShardIterator().orElse(null);
    Optional<Instant> lastArrival = page.records().isEmpty() ? Optional.empty()
        : Optional.of(page.records().get(page.records().size() - 1).approximateArrivalTimestamp());
    Outcome outcome = stopRule.afterPage(page.records().size(), limit, page.millisBehindLatest(),
        page.shardEnded(), lastArrival);
    if (outcome.isTerminal() && fellBack && filter != null) {
      LOG.info("Shard {} of stream '{}': all {} records read are at or before the saved position {}, which lies beyond "
          + "the shard's data; nothing emitted, the position is kept", shardId, stream, skippedAfterFallback,
          filter.sequenceNumber());
    }
    long bytes = page.sizeBytes();
    Optional<String> last = page.records().isEmpty() ? Optional.empty()
        : Optional.of(page.records().get(page.records().size() - 1).sequenceNumber());
    long held = 0;
    for (MappedRecord r : mapped) {
      held += r.heldBytes();
    }
    return new Page(mapped, outcome, page.childShards(), page.records().size(), bytes,
        settings.pacer().nextCallAt(callStartedAt, bytes), last, misplacedRecords == 0 ? Misplaced.NONE
            : new Misplaced(misplacedAggregates, misplacedRecords), held);
  }

  /**
   * The user records still to emit of {@code record} if it is an aggregate the shard's hash key range does not hold
   * whole, else 0. A plain record is never misplaced: Kinesis itself put it on the shard.
   */
  private long misplacedUserRecords(KinesisRecord record, Optional<List<UserRecord>> users, long first) {
    if (hashRange.isWhole() || users.isEmpty() || hashRange.holdsAll(users.get())) {
      return 0;
    }
    int count = users.get().size();
    LOG.debug("Shard {} of stream '{}': the KPL aggregate {} holds user records outside the shard's hash key range "
        + "{} (misplaced by a reshard); {}", shardId, stream, record.sequenceNumber(), hashRange,
        settings.keepMisplaced() ? "kept" : "dropped");
    return Math.max(0, count - first);
  }

  private void passedFilter(KinesisRecord first) {
    if (fellBack) {
      if (skippedAfterFallback == 0) {
        LOG.warn("Shard {} of stream '{}': the oldest record still retained ({}, arrived {}) comes after the saved "
            + "position {}. The records in between expired (the stream's retention period ended) before a sync "
            + "read them.", shardId, stream, first.sequenceNumber(), first.approximateArrivalTimestamp(),
            filter.sequenceNumber());
      } else {
        LOG.info("Shard {} of stream '{}': skipped {} records at or before the saved position {}; reading on from {}",
            shardId, stream, skippedAfterFallback, filter.sequenceNumber(), first.sequenceNumber());
      }
      fellBack = false;
    }
    filter = null;
  }

  private Step fallBack(ShardReadException e, long now) {
    if (!position.hasSequenceNumber()) {
      LOG.warn("Kinesis rejected {} for shard {} of stream '{}'; treating the shard as gone: {}", position, shardId,
          stream, e.getMessage());
      return new Gone(e.getMessage());
    }
    String rejected = position.sequenceNumber().orElseThrow();
    if (filter == null || filter.isPast(rejected)) {
      filter = ResumeFilter.through(rejected);
    }
    LOG.warn("Kinesis rejected the position {} of shard {} of stream '{}' ({}). The saved sequence number is older "
        + "than the stream's retention period, beyond the shard's data, or not of this shard. Reading the shard from "
        + "TRIM_HORIZON and skipping every record at or before it.", position, shardId, stream, e.getMessage());
    position = IteratorPosition.trimHorizon();
    iterator = null;
    fellBack = true;
    skippedAfterFallback = 0;
    return new Retry(now, "position rejected");
  }
}
