package dev.awsconnectors.source.kinesis.shard;

import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.kinesis.record.KplDeaggregator;
import dev.awsconnectors.kinesis.record.ShardHashRange;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.record.MappedRecord;
import dev.awsconnectors.source.kinesis.record.RecordMapper;
import dev.awsconnectors.source.kinesis.shard.ShardStopRule.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one shard, one GetRecords call per {@link #next} call, and handles what Kinesis can answer along the way:
 * throttling and transient errors are retried with backoff up to a budget (then the sync fails with a transient
 * error), an expired iterator is replaced by one from the last record read, a rejected checkpoint falls back to
 * TRIM_HORIZON while skipping everything the checkpoint covers (so nothing is skipped silently and nothing is read
 * twice), and a shard that disappeared is reported as gone. KPL aggregates that hold a user record outside the
 * shard's hash key range (misplaced by a reshard; see {@link ShardHashRange}) are dropped whole unless
 * {@link Settings#keepMisplaced} is set, and counted either way.
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
   */
  public record Page(List<MappedRecord> records, Outcome outcome, List<RecordsPage.ChildShard> childShards,
      int kinesisRecords, long bytes, long nextCallAtMillis, Optional<String> lastSequenceNumber,
      Misplaced misplaced) implements Step {}

  /** Aggregates outside the shard's hash key range, and how many user records they held. */
  public record Misplaced(int aggregates, long userRecords) {
    public static final Misplaced NONE = new Misplaced(0, 0);
  }

  /** Nothing read; call again at {@code notBeforeMillis}. */
  public record Retry(long notBeforeMillis, String reason) implements Step {}

  /** The shard no longer exists (it expired); nothing more will come from it. */
  public record Gone(String reason) implements Step {}

  /** How long the reader keeps trying. */
  public record RetryBudget(int maxConsecutiveFailures, int maxConsecutiveIteratorRenewals) {
    public static final RetryBudget DEFAULT = new RetryBudget(10, 5);
  }

  /**
   * What every reader of a sync shares.
   *
   * @param caughtUpMillis see {@link ShardStopRule}
   * @param keepMisplaced whether misplaced aggregates are emitted (for producers that do not re-send them)
   */
  public record Settings(RecordMapper mapper, ShardPacer pacer, long caughtUpMillis, boolean keepMisplaced,
      Backoff backoff, RetryBudget budget, Clock clock) {}

  private final String stream;
  private final String shardId;
  private final ShardHashRange hashRange;
  private final ShardReaderClient client;
  private final Settings settings;
  private final RecordMapper mapper;
  private final ShardStopRule stopRule;
  private final Backoff backoff;
  private final RetryBudget budget;
  private final Clock clock;

  private IteratorPosition position;
  private ResumeFilter filter;
  private String iterator;
  private boolean fellBack;
  private long skippedAfterFallback;
  private int consecutiveFailures;
  private long firstFailureAtMillis;
  private int consecutiveRenewals;

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
    this.backoff = settings.backoff();
    this.budget = settings.budget();
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
        consecutiveRenewals++;
        if (consecutiveRenewals > budget.maxConsecutiveIteratorRenewals()) {
          throw new TransientErrorException("Kinesis kept expiring the shard iterators of shard " + shardId
              + " of stream '" + stream + "' before they could be used. Running the sync again should succeed.");
        }
      }
      RecordsPage page = client.getRecords(iterator, limit);
      consecutiveFailures = 0;
      consecutiveRenewals = 0;
      return page(page, limit, now);
    } catch (ShardReadException e) {
      return switch (e.kind()) {
        case THROTTLED, TRANSIENT -> retryLater(e, now);
        case ITERATOR_EXPIRED -> {
          LOG.info("The iterator of shard {} of stream '{}' expired; getting a new one at {}", shardId, stream,
              position);
          iterator = null;
          yield new Retry(now, "iterator expired");
        }
        case POSITION_REJECTED -> fallBack(e, now);
        case SHARD_NOT_FOUND -> {
          LOG.warn("Shard {} of stream '{}' no longer exists (it expired after the stream's retention period): {}",
              shardId, stream, e.getMessage());
          yield new Gone(e.getMessage());
        }
      };
    }
  }

  private Page page(RecordsPage page, int limit, long callStartedAt) {
    List<MappedRecord> mapped = new ArrayList<>();
    int misplacedAggregates = 0;
    long misplacedRecords = 0;
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
      long misplaced = misplacedUserRecords(record, first);
      if (misplaced > 0) {
        misplacedAggregates++;
        misplacedRecords += misplaced;
        if (!settings.keepMisplaced()) {
          continue;
        }
      }
      mapped.addAll(mapper.map(shardId, record, first));
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
    return new Page(mapped, outcome, page.childShards(), page.records().size(), bytes,
        settings.pacer().nextCallAt(callStartedAt, bytes), last, misplacedRecords == 0 ? Misplaced.NONE
            : new Misplaced(misplacedAggregates, misplacedRecords));
  }

  /**
   * The user records still to emit of {@code record} if it is an aggregate the shard's hash key range does not hold
   * whole, else 0. A plain record is never misplaced: Kinesis itself put it on the shard.
   */
  private long misplacedUserRecords(KinesisRecord record, long first) {
    if (hashRange.isWhole()) {
      return 0;
    }
    Optional<List<UserRecord>> users = KplDeaggregator.deaggregate(record.data());
    if (users.isEmpty() || hashRange.holdsAll(users.get())) {
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

  private Step retryLater(ShardReadException e, long now) {
    if (consecutiveFailures == 0) {
      firstFailureAtMillis = now;
    }
    consecutiveFailures++;
    if (consecutiveFailures > budget.maxConsecutiveFailures()) {
      String what = e.kind() == ShardReadException.Kind.THROTTLED ? "kept throttling reads of" : "kept failing on";
      throw new TransientErrorException("Kinesis " + what + " shard " + shardId + " of stream '" + stream + "' ("
          + e.getMessage() + ") through " + budget.maxConsecutiveFailures() + " retries over "
          + Duration.ofMillis(now - firstFailureAtMillis).toSeconds() + " s. A shard serves 5 GetRecords calls and "
          + "2 MiB per second to all its consumers together: check for other consumers, lower 'Shards read in "
          + "parallel', or run the sync again later.", e);
    }
    long delay = backoff.delayMillis(consecutiveFailures);
    LOG.info("Shard {} of stream '{}': {} (attempt {}); retrying in {} ms", shardId, stream, e.getMessage(),
        consecutiveFailures, delay);
    return new Retry(now + delay, e.kind().name().toLowerCase(java.util.Locale.ROOT));
  }
}
