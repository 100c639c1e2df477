package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.log.Progress;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.commons.state.StateLedger.RecordGroup;
import dev.awsconnectors.destination.kinesis.aggregation.ShardAggregator;
import dev.awsconnectors.destination.kinesis.aggregation.ShardAggregator.Sealed;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.batch.EntryErrors;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsBatcher;
import dev.awsconnectors.destination.kinesis.batch.RetryPolicy;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient.Result;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Aggregation;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Sending;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.KinesisLimits;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves accepted records to Kinesis and acknowledges them in the {@link StateLedger} once PutRecords confirmed them.
 *
 * <p>Lifecycle: {@link #start()}; then, from the writer's thread, any number of {@link #submit} and {@link #wake}
 * calls; then {@link #finish()} once, which returns when every submitted record is acknowledged; {@link #close()}
 * always. A failure on the send side (a spent retry budget, a refused record, denied access) stops the loop and is
 * rethrown to the writer's thread by the next {@link #submit}, {@link #throwIfFailed} or {@link #finish}.
 *
 * <p>One thread owns all scheduling state, so the policies it combines stay simple: {@link PutRecordsBatcher} cuts
 * requests, {@link dev.awsconnectors.destination.kinesis.batch.KeyOrderGate} keeps per-key order, {@link RetryPolicy}
 * spaces retries, {@link ShardAggregator} builds shard-aware aggregates. A bounded pool runs the PutRecords calls.
 *
 * <p>When requests go out: a full request at once; a partial one when nothing is in flight for its stream, when its
 * oldest entry waited the flush interval, or at the end of input (Nagle-like: requests fill up while others are in
 * flight, so frequent states still share requests and a lone state is never kept waiting). Open aggregates are
 * sealed when full, when they reach the flush interval, at the end of input, or when the stream is idle and a state
 * waits or the writer waits for memory.
 */
public final class SendLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SendLoop.class);
  private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

  private final KinesisStreamClient client;
  private final Sending sending;
  private final Aggregation aggregation;
  private final StateLedger ledger;
  private final LongSupplier nanoTime;
  private final DoubleSupplier random;
  private final PutRecordsBatcher<PutEntry> batcher;
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final Map<String, ShardMap> shardMaps;
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final PriorityQueue<Retry> retries = new PriorityQueue<>(Comparator.comparingLong(r -> r.entry.readyAtNanos));
  private final Semaphore budget;
  private final int budgetPermits;
  private final ExecutorService requests;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Progress progress;
  private final AtomicInteger outstanding = new AtomicInteger();
  private int inFlight;
  private long dispatchRounds;
  private boolean finishing;
  private long nextRetryWarnNanos;
  private long retriedEntries;
  private long misplacedAggregates;

  private sealed interface Event permits Incoming, Completed, Wake {}

  private record Incoming(String stream, Member member) implements Event {}

  private record Completed(Lane lane, List<PutEntry> batch, List<Result> results, Throwable error)
      implements Event {}

  private record Wake(boolean finish) implements Event {}

  private record Retry(Lane lane, PutEntry entry) {}

  /**
   * @param shardMaps shard maps already listed, when aggregating (others are listed on first use)
   * @param requestBytes the byte limit of one PutRecords request
   */
  public SendLoop(KinesisStreamClient client, Sending sending, Aggregation aggregation, Map<String, ShardMap> shardMaps,
      long requestBytes, StateLedger ledger, Clock clock, LongSupplier nanoTime, DoubleSupplier random) {
    this.client = client;
    this.sending = sending;
    this.aggregation = aggregation;
    this.ledger = ledger;
    this.nanoTime = nanoTime;
    this.random = random;
    this.batcher = new PutRecordsBatcher<>(sending.maxEntriesPerRequest(), requestBytes, e -> e.requestBytes);
    this.budgetPermits = (int) Math.min(Integer.MAX_VALUE, sending.maxBufferedBytes());
    this.budget = new Semaphore(budgetPermits);
    this.shardMaps = Map.copyOf(shardMaps);
    this.requests = Executors.newFixedThreadPool(sending.maxConcurrentRequests(), r -> {
      Thread t = new Thread(r, "kinesis-put-records");
      t.setDaemon(true);
      return t;
    });
    this.thread = new Thread(this::run, "kinesis-send-loop");
    this.thread.setDaemon(true);
    this.progress = new Progress("written to Kinesis", LOG, clock, Duration.ofSeconds(10));
  }

  public void start() {
    thread.start();
  }

  /** Hands a record over; blocks while the in-memory budget is spent. Writer thread only. */
  public void submit(String stream, Member member) throws InterruptedException {
    int permits = Math.min(member.budgetBytes(), budgetPermits);
    while (!budget.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
      throwIfFailed();
    }
    throwIfFailed();
    outstanding.incrementAndGet();
    events.add(new Incoming(stream, member));
  }

  /** A state arrived: let the loop send what it covers. */
  public void wake() {
    events.add(new Wake(false));
  }

  /** Rethrows a send-side failure on the caller's thread. */
  public void throwIfFailed() {
    Throwable t = failure.get();
    if (t instanceof ConnectorException ce) {
      throw ce;
    }
    if (t != null) {
      throw new SystemErrorException("Writing to Kinesis failed: " + t, t);
    }
  }

  /** End of input: returns once every submitted record is acknowledged, or throws the failure that prevented it. */
  public void finish() throws InterruptedException {
    events.add(new Wake(true));
    try {
      done.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throwIfFailed();
      throw new SystemErrorException("Writing to Kinesis failed", e.getCause());
    }
    progress.summary();
    if (retriedEntries > 0 || misplacedAggregates > 0) {
      LOG.info("Kinesis retries during this sync: {} entries retried, {} aggregates re-sent after a reshard",
          retriedEntries, misplacedAggregates);
    }
  }

  /** Records submitted and not yet acknowledged. */
  public int outstanding() {
    return outstanding.get();
  }

  @Override
  public void close() {
    thread.interrupt();
    requests.shutdownNow();
    try {
      thread.join(5_000);
      requests.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long waitNanos = 0;
    try {
      while (true) {
        Event event = waitNanos <= 0 ? events.poll() : events.poll(waitNanos, TimeUnit.NANOSECONDS);
        while (event != null) {
          handle(event);
          event = events.poll();
        }
        long now = nanoTime.getAsLong();
        promoteDueRetries(now);
        for (Lane lane : lanes.values()) {
          maintain(lane, now);
        }
        dispatch(now);
        if (finishing && outstanding.get() == 0 && inFlight == 0) {
          done.complete(null);
          return;
        }
        waitNanos = nextWakeUp(now);
      }
    } catch (InterruptedException e) {
      fail(new SystemErrorException("The Kinesis writer was interrupted", e));
    } catch (Throwable t) {
      fail(t);
    }
  }

  private void fail(Throwable t) {
    failure.compareAndSet(null, t);
    done.completeExceptionally(failure.get());
  }

  private void handle(Event event) {
    if (event instanceof Incoming in) {
      accept(lane(in.stream()), in.member(), nanoTime.getAsLong());
    } else if (event instanceof Completed c) {
      completed(c, nanoTime.getAsLong());
    } else if (event instanceof Wake w && w.finish()) {
      finishing = true;
    }
  }

  private Lane lane(String stream) {
    Lane lane = lanes.get(stream);
    if (lane == null) {
      lane = new Lane(stream, sending.preserveKeyOrder());
      if (aggregation.enabled()) {
        ShardMap map = shardMaps.get(stream);
        lane.latestMap = map != null ? map : client.listShards(stream);
        lane.aggregator = new ShardAggregator<>(lane.latestMap, aggregation.maxBytes(), Member::record);
        lane.nextMapRefreshNanos = nanoTime.getAsLong() + aggregation.shardMapRefresh().toNanos();
      }
      lanes.put(stream, lane);
    }
    return lane;
  }

  private void accept(Lane lane, Member member, long now) {
    if (lane.aggregator == null) {
      UserRecord r = member.record();
      admit(lane, new PutEntry(r.partitionKey(), r.explicitHashKey(), r.data(), r.partitionKey(), List.of(member),
          null, 0, null), now);
      return;
    }
    for (Sealed<Member> sealed : lane.aggregator.add(member, now)) {
      admit(lane, fromSealed(lane, sealed, null), now);
    }
  }

  private PutEntry fromSealed(Lane lane, Sealed<Member> s, PutEntry repairOf) {
    long epoch = repairOf == null ? lane.epoch : repairOf.epoch;
    PutEntry entry = new PutEntry(s.partitionKey(), s.explicitHashKey(), s.data(),
        repairOf == null ? s.shard().shardId() : null, s.members(), s.aggregated() ? s.shard().shardId() : null,
        epoch, repairOf);
    lane.started(epoch);
    return entry;
  }

  private void admit(Lane lane, PutEntry entry, long now) {
    if (lane.gate == null || entry.gateKey == null || lane.gate.admit(entry.gateKey, entry)) {
      release(lane, entry, now);
    }
  }

  /** The entry may go: now, or once every entry of an older shard-map epoch is done. */
  private void release(Lane lane, PutEntry entry, long now) {
    if (lane.aggregator != null && entry.epoch > lane.barrierEpoch()) {
      lane.heldForEpoch.addLast(entry);
      return;
    }
    entry.readyAtNanos = now;
    lane.ready.addLast(entry);
    lane.readyBytes += entry.requestBytes;
  }

  private void maintain(Lane lane, long now) {
    if (lane.aggregator == null) {
      return;
    }
    if (now >= lane.nextMapRefreshNanos) {
      try {
        refreshShardMap(lane, now);
      } catch (TransientErrorException e) {
        // The periodic refresh is a hint only (a misplaced aggregate triggers its own): try again next period.
        LOG.warn("Could not refresh the shard map of '{}' ({}); keeping the current one", lane.stream,
            e.getMessage());
      }
    }
    if (lane.aggregator.isEmpty()) {
      return;
    }
    List<Sealed<Member>> sealed;
    if (finishing || (lane.inFlight == 0 && lane.ready.isEmpty() && (urgent() || pressure()))) {
      sealed = lane.aggregator.sealAll();
    } else {
      sealed = lane.aggregator.sealOpenedBefore(now - sending.flushInterval().toNanos());
    }
    for (Sealed<Member> s : sealed) {
      admit(lane, fromSealed(lane, s, null), now);
    }
  }

  private boolean urgent() {
    return ledger.pendingStates() > 0;
  }

  private boolean pressure() {
    return budget.hasQueuedThreads() || budget.availablePermits() < budgetPermits / 8;
  }

  /** Fills the free request slots one request per stream in turn, so a busy stream cannot starve the others. */
  private void dispatch(long now) {
    List<Lane> order = new ArrayList<>(lanes.values());
    if (order.isEmpty()) {
      return;
    }
    int first = (int) (dispatchRounds++ % order.size());
    boolean sent = true;
    while (sent && inFlight < sending.maxConcurrentRequests()) {
      sent = false;
      for (int i = 0; i < order.size() && inFlight < sending.maxConcurrentRequests(); i++) {
        Lane lane = order.get((first + i) % order.size());
        if (!lane.ready.isEmpty() && shouldSend(lane, now)) {
          List<PutEntry> batch = batcher.take(lane.ready);
          for (PutEntry e : batch) {
            lane.readyBytes -= e.requestBytes;
          }
          lane.inFlight++;
          inFlight++;
          requests.execute(() -> put(lane, batch));
          sent = true;
        }
      }
    }
  }

  private boolean shouldSend(Lane lane, long now) {
    if (finishing || batcher.fillsRequest(lane.ready.size(), lane.readyBytes)) {
      return true;
    }
    if (now - lane.ready.peekFirst().readyAtNanos >= sending.flushInterval().toNanos()) {
      return true;
    }
    // Nagle: with nothing in flight for the stream, waiting cannot make the next request fuller any faster than
    // sending now; while a request is in flight, entries gather until it completes, the request fills or ages.
    return lane.inFlight == 0;
  }

  /** Runs on the request pool: the only blocking call, its outcome goes back to the loop as an event. */
  private void put(Lane lane, List<PutEntry> batch) {
    try {
      List<Result> results = client.putRecords(lane.stream, batch);
      events.add(new Completed(lane, batch, results, null));
    } catch (Throwable t) {
      events.add(new Completed(lane, batch, null, t));
    }
  }

  private void completed(Completed c, long now) {
    Lane lane = c.lane();
    lane.inFlight--;
    inFlight--;
    if (c.error() != null) {
      ConnectorException classified = ConnectorException.find(c.error()).orElse(null);
      if (!(classified instanceof TransientErrorException)) {
        throw classified != null ? classified
            : new SystemErrorException("PutRecords to the Kinesis stream '" + lane.stream + "' failed: "
                + c.error(), c.error());
      }
      for (PutEntry e : c.batch()) {
        retryOrFail(lane, e, now, classified.getMessage());
      }
      warnRetries(lane, c.batch().size(), c.batch().size(), "the whole request failed: " + classified.getMessage(),
          now);
      return;
    }
    if (c.results().size() != c.batch().size()) {
      throw new SystemErrorException("PutRecords to the Kinesis stream '" + lane.stream + "' answered "
          + c.results().size() + " results for " + c.batch().size() + " records.");
    }
    int failed = 0;
    String firstError = null;
    for (int i = 0; i < c.batch().size(); i++) {
      PutEntry entry = c.batch().get(i);
      Result result = c.results().get(i);
      if (result.succeeded()) {
        if (entry.predictedShard != null && !entry.predictedShard.equals(result.shardId())) {
          landedElsewhere(lane, entry, result.shardId(), now);
        } else {
          landed(lane, entry, now);
        }
        continue;
      }
      String error = result.errorCode() + ": " + result.errorMessage();
      switch (EntryErrors.classify(result.errorCode())) {
        case RETRY -> {
          failed++;
          firstError = firstError == null ? error : firstError;
          retryOrFail(lane, entry, now, error);
        }
        case CONFIG_ERROR -> throw new ConfigErrorException("Kinesis refused records for the stream '" + lane.stream
            + "' (" + error + "). Check the IAM policy (kinesis:PutRecords, and kms:GenerateDataKey on the stream's "
            + "KMS key if it is encrypted) and the stream.");
        case REJECTED -> throw new SystemErrorException("Kinesis rejected a record for the stream '" + lane.stream
            + "' (" + error + "). It was not written; nothing after it was acknowledged.");
      }
    }
    if (failed > 0) {
      warnRetries(lane, failed, c.batch().size(), firstError, now);
    }
  }

  private void warnRetries(Lane lane, int failed, int total, String error, long now) {
    retriedEntries += failed;
    if (now >= nextRetryWarnNanos) {
      nextRetryWarnNanos = now + WARN_INTERVAL_NANOS;
      LOG.warn("{} of {} records of a PutRecords request to '{}' were not accepted ({}); retrying them with "
          + "backoff (logged at most every 10 s)", failed, total, lane.stream, error);
    }
  }

  private void retryOrFail(Lane lane, PutEntry entry, long now, String error) {
    if (entry.failures == 0) {
      entry.firstFailureNanos = now;
    }
    entry.failures++;
    entry.lastError = error;
    RetryPolicy policy = sending.retry();
    Optional<Duration> delay = policy.nextDelay(entry.failures, entry.firstFailureNanos, now, random);
    if (delay.isEmpty()) {
      throw new TransientErrorException("Kinesis did not accept records for the stream '" + lane.stream + "' after "
          + entry.failures + " attempts over " + Duration.ofNanos(now - entry.firstFailureNanos).toSeconds()
          + " s (last error: " + error + "). No record was lost and no state covering them was emitted: running "
          + "the sync again resends them. If throttling persists, add shards, enable aggregation or lower "
          + "'max_concurrent_requests'.");
    }
    entry.readyAtNanos = now + delay.get().toNanos();
    retries.add(new Retry(lane, entry));
  }

  private void promoteDueRetries(long now) {
    while (!retries.isEmpty() && retries.peek().entry.readyAtNanos <= now) {
      Retry r = retries.poll();
      r.lane.ready.addFirst(r.entry);
      r.lane.readyBytes += r.entry.requestBytes;
    }
  }

  /** Kinesis has the entry where it belongs: acknowledge its records, then let the next of its key go. */
  private void landed(Lane lane, PutEntry entry, long now) {
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
      budget.release(Math.min(m.budgetBytes(), budgetPermits));
    }
    if (run > 0) {
      ledger.acknowledge(group, run);
    }
    outstanding.addAndGet(-entry.members.size());
    progress.add(entry.members.size(), bytes);
    done(lane, entry, now);
  }

  private void done(Lane lane, PutEntry entry, long now) {
    if (lane.aggregator != null && lane.finished(entry.epoch)) {
      releaseNextEpoch(lane, now);
    }
    if (entry.repairOf != null) {
      if (--entry.repairOf.pendingRepairs == 0) {
        done(lane, entry.repairOf, now);
      }
      return;
    }
    if (lane.gate != null && entry.gateKey != null) {
      PutEntry next = lane.gate.complete(entry.gateKey);
      if (next != null) {
        release(lane, next, now);
      }
    }
  }

  private void releaseNextEpoch(Lane lane, long now) {
    long barrier = lane.barrierEpoch();
    int held = lane.heldForEpoch.size();
    for (int i = 0; i < held; i++) {
      PutEntry e = lane.heldForEpoch.pollFirst();
      if (e.epoch <= barrier) {
        e.readyAtNanos = now;
        lane.ready.addLast(e);
        lane.readyBytes += e.requestBytes;
      } else {
        lane.heldForEpoch.addLast(e);
      }
    }
  }

  /**
   * An aggregate landed on another shard than it was built for: the stream was resharded. If the new shard's range
   * holds all its records, KCL consumers keep it; otherwise they drop it whole, so its records are sent again,
   * aggregated per the new shards, before anything newer of the stream.
   */
  private void landedElsewhere(Lane lane, PutEntry entry, String shardId, long now) {
    try {
      refreshShardMap(lane, now);
    } catch (TransientErrorException e) {
      // Without a fresh map the records cannot be re-aggregated correctly: send the aggregate again later; its
      // next landing triggers another refresh. KCL consumers drop the misplaced copies.
      retryOrFail(lane, entry, now, "landed on shard " + shardId + " after a reshard and the shard map could not "
          + "be refreshed: " + e.getMessage());
      return;
    }
    Optional<ShardMap.ShardRange> landedOn = lane.latestMap.shard(shardId);
    boolean holdsAll = landedOn.isPresent() && entry.members.stream().allMatch(m -> landedOn.get().contains(
        HashKeys.effective(m.record().partitionKey(), m.record().explicitHashKey())));
    if (holdsAll) {
      landed(lane, entry, now);
      return;
    }
    misplacedAggregates++;
    LOG.warn("A KPL aggregate of {} records built for shard {} of '{}' landed on shard {} after a reshard; KCL "
        + "consumers drop it, so its records are sent again to their new shards (consumers that keep misplaced "
        + "aggregates will see them twice)", entry.members.size(), entry.predictedShard, lane.stream, shardId);
    ShardAggregator<Member> repairs = new ShardAggregator<>(lane.latestMap, aggregation.maxBytes(), Member::record);
    List<Sealed<Member>> sealed = new ArrayList<>();
    for (Member m : entry.members) {
      sealed.addAll(repairs.add(m, now));
    }
    sealed.addAll(repairs.sealAll());
    entry.pendingRepairs = sealed.size();
    for (Sealed<Member> s : sealed) {
      PutEntry repair = fromSealed(lane, s, entry);
      repair.readyAtNanos = now;
      lane.ready.addFirst(repair);
      lane.readyBytes += repair.requestBytes;
    }
  }

  /** Lists the shards again; a changed layout seals the open aggregates and starts a new epoch. */
  private void refreshShardMap(Lane lane, long now) {
    lane.nextMapRefreshNanos = now + aggregation.shardMapRefresh().toNanos();
    ShardMap fresh = client.listShards(lane.stream);
    lane.latestMap = fresh;
    if (fresh.sameRouting(lane.aggregator.map())) {
      return;
    }
    LOG.info("The shards of '{}' changed ({} open now); new aggregates follow the new layout", lane.stream,
        fresh.openShards());
    List<Sealed<Member>> sealed = lane.aggregator.sealAll();
    for (Sealed<Member> s : sealed) {
      admit(lane, fromSealed(lane, s, null), now);
    }
    lane.epoch++;
    lane.aggregator = new ShardAggregator<>(fresh, aggregation.maxBytes(), Member::record);
  }

  private long nextWakeUp(long now) {
    long next = Long.MAX_VALUE;
    if (!retries.isEmpty()) {
      next = Math.min(next, retries.peek().entry.readyAtNanos);
    }
    long flush = sending.flushInterval().toNanos();
    for (Lane lane : lanes.values()) {
      if (!lane.ready.isEmpty()) {
        next = Math.min(next, lane.ready.peekFirst().readyAtNanos + flush);
      }
      if (lane.aggregator != null) {
        var oldest = lane.aggregator.oldestOpenedNanos();
        if (oldest.isPresent()) {
          next = Math.min(next, oldest.getAsLong() + flush);
        }
        next = Math.min(next, lane.nextMapRefreshNanos);
      }
    }
    if (next == Long.MAX_VALUE) {
      return Duration.ofSeconds(1).toNanos();
    }
    // At least a millisecond so a due deadline is handled on the next turn without spinning.
    return Math.max(Duration.ofMillis(1).toNanos(), next - now);
  }

  /** The byte limit of one PutRecords request for a stream whose records may be up to {@code maxRecordBytes}. */
  public static long requestBytesFor(int maxRecordBytes) {
    return Math.max(KinesisLimits.PUT_RECORDS_MAX_BYTES, maxRecordBytes);
  }
}
