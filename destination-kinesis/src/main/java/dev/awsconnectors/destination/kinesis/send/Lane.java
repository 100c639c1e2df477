package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.destination.kinesis.aggregation.ShardAggregator;
import dev.awsconnectors.destination.kinesis.aggregation.ShardAggregator.Sealed;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.batch.KeyOrderGate;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsBatcher;
import dev.awsconnectors.destination.kinesis.send.MisplacedRepair.Decision;
import dev.awsconnectors.destination.kinesis.send.MisplacedRepair.Keep;
import dev.awsconnectors.destination.kinesis.send.MisplacedRepair.Resend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send side of one Kinesis stream: turns accepted records into entries (each record as it is, or KPL aggregates
 * per shard of the stream's shard map), keeps them in order, holds the ready ones for the next request, and settles
 * each entry once Kinesis answered for it.
 *
 * <p>Order: with {@code preserve_key_order} a {@link KeyOrderGate} releases one entry per key at a time (the partition
 * key of a plain record, the target shard of an aggregate), and the {@link EpochBarrier} keeps aggregates built for a
 * newer shard map behind those of the older ones. An aggregate that landed on another shard than it was built for is
 * parked until a shard map that knows that shard decides it ({@link MisplacedRepair}); its repairs go first, in its
 * place: it keeps its key and its epoch until all of them are stored.
 *
 * <p>Lifecycle, all on the loop's thread: {@link #accept} for each record and {@link #seal} when the schedule says so;
 * {@link #take} the entries of a request, then {@link #completed} once its answer came back and, for each of its
 * entries, {@link #stored} (acknowledges its records through the given consumer and lets what waited for it go),
 * {@link #retryDue} (back from the retry queue) or {@link #misplaced}. When aggregating, {@link #mapListed} for each
 * listing of the stream's shards; records wait for the first one if the lane started without a map. Not thread-safe.
 */
final class Lane implements SendSchedule.LaneState {
  private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

  final String stream;
  private final KeyOrderGate<PutEntry> gate;
  private final EpochBarrier<PutEntry> barrier = new EpochBarrier<>(e -> e.epoch);
  private final ArrayDeque<PutEntry> ready = new ArrayDeque<>();
  private final Consumer<PutEntry> acknowledge;
  private long readyBytes;
  private int inFlight;

  /** The size limit of an aggregate; 0 if the lane does not aggregate. */
  private final int maxAggregateBytes;
  /** Null until the first shard map arrived. */
  private ShardAggregator<Member> aggregator;
  /** The newest listing (closed shards included), to tell where a misplaced aggregate landed. */
  private ShardMap latestMap;
  private final List<Member> awaitingMap = new ArrayList<>();
  private final List<Parked> parked = new ArrayList<>();
  private long resentAggregates;

  /** A misplaced aggregate waiting for a shard map that knows the shard it landed on. */
  private record Parked(PutEntry entry, String shardId, long landedNanos) {}

  /**
   * @param maxAggregateBytes the size limit of a KPL aggregate, or 0 to send each record as it is
   * @param map the stream's shard map when aggregating, if it was listed already
   * @param acknowledge receives every entry stored, to acknowledge its records (repaired aggregates are not passed:
   *     their repairs are)
   */
  Lane(String stream, boolean preserveKeyOrder, int maxAggregateBytes, Optional<ShardMap> map,
      Consumer<PutEntry> acknowledge) {
    this.stream = stream;
    this.gate = preserveKeyOrder ? new KeyOrderGate<>() : null;
    this.maxAggregateBytes = maxAggregateBytes;
    this.acknowledge = acknowledge;
    if (maxAggregateBytes > 0 && map.isPresent()) {
      this.latestMap = map.get();
      this.aggregator = new ShardAggregator<>(map.get(), maxAggregateBytes, Member::record);
    }
  }

  void accept(Member member, long now) {
    if (maxAggregateBytes == 0) {
      admit(PutEntry.plain(member), now);
    } else if (aggregator == null) {
      awaitingMap.add(member);
    } else {
      aggregator.add(member, now).forEach(s -> admit(PutEntry.sealed(s, barrier.current()), now));
    }
  }

  void seal(SendSchedule.Seal seal, long agedBefore, long now) {
    if (aggregator == null || seal == SendSchedule.Seal.NONE) {
      return;
    }
    List<Sealed<Member>> sealed = seal == SendSchedule.Seal.ALL ? aggregator.sealAll()
        : aggregator.sealOpenedBefore(agedBefore);
    sealed.forEach(s -> admit(PutEntry.sealed(s, barrier.current()), now));
  }

  /** Removes the entries of the next request (at least one) from the ready ones. */
  List<PutEntry> take(PutRecordsBatcher<PutEntry> batcher) {
    List<PutEntry> batch = batcher.take(ready);
    for (PutEntry e : batch) {
      readyBytes -= e.requestBytes;
    }
    inFlight++;
    return batch;
  }

  /** A request taken from this lane was answered (or failed). */
  void completed() {
    inFlight--;
  }

  /** A failed entry is due again: it goes first, being older than what is ready. */
  void retryDue(PutEntry entry) {
    ready.addFirst(entry);
    readyBytes += entry.requestBytes;
  }

  /** Kinesis stored {@code entry} where it belongs: acknowledges its records, then lets what waited for it go. */
  void stored(PutEntry entry, long now) {
    acknowledge.accept(entry);
    settle(entry, now);
  }

  /**
   * The aggregate {@code entry} landed on {@code shardId}, not on the shard it was built for. Decided at once if the
   * newest shard map knows that shard; otherwise parked.
   *
   * @return empty if decided; else the time after which a listing must have started to decide it
   */
  OptionalLong misplaced(PutEntry entry, String shardId, long now) {
    Optional<Decision> decision = MisplacedRepair.decide(entry.members, shardId, latestMap, false, maxAggregateBytes);
    if (decision.isPresent()) {
      apply(entry, shardId, decision.get(), now);
      return OptionalLong.empty();
    }
    parked.add(new Parked(entry, shardId, now));
    return OptionalLong.of(now);
  }

  /**
   * A listing of the stream's shards that started at {@code startedNanos} returned {@code map}. The first map lets
   * the waiting records in; a new layout seals the open aggregates and starts a new epoch; parked aggregates are
   * decided.
   *
   * @return empty if nothing waits for a newer map; else the time after which a listing must have started
   */
  OptionalLong mapListed(ShardMap map, long startedNanos, long now) {
    if (aggregator == null) {
      aggregator = new ShardAggregator<>(map, maxAggregateBytes, Member::record);
      awaitingMap.forEach(m -> accept(m, now));
      awaitingMap.clear();
    } else if (!map.sameRouting(aggregator.map())) {
      LOG.info("The shards of '{}' changed ({} open now); new aggregates follow the new layout", stream,
          map.openShards());
      seal(SendSchedule.Seal.ALL, now, now);
      barrier.advance();
      aggregator = new ShardAggregator<>(map, maxAggregateBytes, Member::record);
    }
    latestMap = map;
    OptionalLong stillNeeded = OptionalLong.empty();
    List<Parked> waiting = List.copyOf(parked);
    parked.clear();
    for (Parked p : waiting) {
      Optional<Decision> decision = MisplacedRepair.decide(p.entry.members, p.shardId, map,
          startedNanos - p.landedNanos >= 0, maxAggregateBytes);
      if (decision.isPresent()) {
        apply(p.entry, p.shardId, decision.get(), now);
      } else {
        parked.add(p);
        // A listing started after the latest landing decides every one of them.
        stillNeeded = OptionalLong.of(stillNeeded.isEmpty() || p.landedNanos - stillNeeded.getAsLong() > 0
            ? p.landedNanos : stillNeeded.getAsLong());
      }
    }
    return stillNeeded;
  }

  /**
   * A listing of the stream's shards failed (after the SDK's retries). Fatal if the lane cannot go on without a map
   * (its first one, or one to decide a parked aggregate) and no newer listing is on its way; else a periodic refresh
   * failed, which only delays noticing a reshard (a misplaced aggregate asks for a listing of its own).
   *
   * @throws ConnectorException the failure, if the lane cannot go on
   */
  void listingFailed(Throwable failure, boolean newerOnItsWay) {
    if (needsMap() && !newerOnItsWay) {
      throw ConnectorException.find(failure).orElseGet(() -> new SystemErrorException("Listing the shards of the "
          + "Kinesis stream '" + stream + "' failed: " + failure, failure));
    }
    LOG.warn("Could not refresh the shard map of '{}' ({}); keeping the current one", stream, failure.getMessage());
  }

  /** True if the lane cannot go on without a (newer) shard map: its first one, or one to decide a parked aggregate. */
  boolean needsMap() {
    return maxAggregateBytes > 0 && (aggregator == null || !parked.isEmpty());
  }

  /** Misplaced aggregates whose records were sent again. */
  long resentAggregates() {
    return resentAggregates;
  }

  @Override
  public int readyCount() {
    return ready.size();
  }

  @Override
  public long readyBytes() {
    return readyBytes;
  }

  @Override
  public long oldestReadyNanos() {
    return ready.peekFirst().readyAtNanos;
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  @Override
  public OptionalLong oldestOpenNanos() {
    return aggregator == null ? OptionalLong.empty() : aggregator.oldestOpenedNanos();
  }

  private void admit(PutEntry entry, long now) {
    barrier.started(entry.epoch);
    if (gate == null || entry.gateKey == null || gate.admit(entry.gateKey, entry)) {
      release(entry, now);
    }
  }

  private void release(PutEntry entry, long now) {
    if (barrier.pass(entry)) {
      toReady(entry, now);
    }
  }

  private void toReady(PutEntry entry, long now) {
    entry.readyAtNanos = now;
    ready.addLast(entry);
    readyBytes += entry.requestBytes;
  }

  /** {@code entry} is done: frees its epoch, its parent (for a repair) or its key for what waits behind it. */
  private void settle(PutEntry entry, long now) {
    for (PutEntry next : barrier.finished(entry.epoch)) {
      toReady(next, now);
    }
    if (entry.repairOf != null) {
      if (--entry.repairOf.pendingRepairs == 0) {
        settle(entry.repairOf, now);
      }
      return;
    }
    if (gate != null && entry.gateKey != null) {
      PutEntry next = gate.complete(entry.gateKey);
      if (next != null) {
        release(next, now);
      }
    }
  }

  private void apply(PutEntry entry, String shardId, Decision decision, long now) {
    if (decision instanceof Keep) {
      stored(entry, now);
      return;
    }
    List<Sealed<Member>> records = ((Resend) decision).records();
    resentAggregates++;
    LOG.warn("A KPL aggregate of {} records built for shard {} of '{}' landed on shard {} after a reshard; KCL "
        + "consumers and source-kinesis drop it, so its records are sent again to their new shards (consumers that "
        + "keep misplaced aggregates see them twice)", entry.members.size(), entry.predictedShard, stream, shardId);
    entry.pendingRepairs = records.size();
    // Ahead of everything ready, in order. They pass the gate (the parent holds its key) and the barrier (the parent
    // was released, so no older epoch is unfinished).
    for (int i = records.size() - 1; i >= 0; i--) {
      PutEntry repair = PutEntry.repair(records.get(i), entry);
      barrier.started(repair.epoch);
      repair.readyAtNanos = now;
      ready.addFirst(repair);
      readyBytes += repair.requestBytes;
    }
  }
}
