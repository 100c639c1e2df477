package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.commons.aws.RetryPolicy;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsBatcher;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.Answered;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.CallFailed;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.EntryOutcome;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.Retry;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.Stored;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.StoredElsewhere;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient.Result;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Aggregation;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Sending;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves accepted records to Kinesis and acknowledges them in the {@link StateLedger} once PutRecords stored them: an
 * event loop on one thread over the policies that decide everything else. {@link Lane} keeps each stream's entries
 * in order, {@link SendSchedule} says when requests go out and aggregates are sealed, {@link PutRecordsOutcome}
 * reads each answer, {@link RetryQueue} spaces the attempts of what Kinesis did not accept, {@link ShardMapCache}
 * lists shards for KPL aggregation. The AWS calls run on executors and come back as events, so the loop never waits
 * for the network and holds no lock.
 *
 * <p>Lifecycle: {@link #start()}; then, from the writer's thread, any number of {@link #submit} and {@link #wake}
 * calls; then {@link #finish()} once, which returns when every submitted record is acknowledged; {@link #close()}
 * always. A failure on the send side (a spent retry budget, a refused record, denied access) stops the loop and is
 * rethrown to the writer's thread by the next {@link #submit}, {@link #throwIfFailed} or {@link #finish}. Tests may
 * instead drive the loop on their own thread with {@link #turn()}, giving it executors they run by hand.
 */
public final class SendLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SendLoop.class);

  private final KinesisStreamClient client;
  private final Sending sending;
  private final Aggregation aggregation;
  private final LongSupplier nanoTime;
  private final PutRecordsBatcher<PutEntry> batcher;
  private final SendSchedule schedule;
  private final RetryQueue retries;
  private final ShardMapCache maps;
  private final OutstandingRecords outstanding;
  private final Map<String, Lane> lanes = new HashMap<>();
  /** The lanes in the order they were opened, for the schedule's round robin. */
  private final List<Lane> order = new ArrayList<>();
  private final Runnable failureCheck = this::throwIfFailed;
  /** Records of the writer's thread not handed over yet. */
  private final RecordRuns runs = new RecordRuns((stream, members) -> post(new Incoming(stream, members)));
  private final Executor requests;
  private final List<ExecutorService> pools = new ArrayList<>();
  private final Thread thread;
  /** Records, answers and wake-ups for the loop's thread, handed over without a lock. */
  private final EventInbox<Event> events;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private int inFlight;
  private boolean finishing;

  private sealed interface Event permits Incoming, Completed, Listed, Wake {}

  private record Incoming(String stream, List<Member> members) implements Event {}
  private record Completed(Lane lane, List<PutEntry> batch, List<Result> results, Throwable error) implements Event {}
  private record Listed(ShardMapCache.Listing listing) implements Event {}
  private record Wake(boolean finish) implements Event {}

  /**
   * @param shardMaps shard maps already listed, when aggregating (others are listed on first use)
   * @param requestBytes the byte limit of one PutRecords request
   * @param retry the connection's retry policy, for the entries a PutRecords answer did not accept (the client
   *     retries whole calls with it already)
   */
  public SendLoop(KinesisStreamClient client, Sending sending, Aggregation aggregation, Map<String, ShardMap> shardMaps,
      long requestBytes, RetryPolicy retry, StateLedger ledger, Clock clock, LongSupplier nanoTime,
      DoubleSupplier random) {
    this(client, sending, aggregation, shardMaps, requestBytes, retry, ledger, clock, nanoTime, random,
        pool(sending.maxConcurrentRequests(), "kinesis-put-records"), pool(1, "kinesis-list-shards"));
  }

  /** With the executors of the PutRecords and ListShards calls (tests pass executors they run by hand). */
  SendLoop(KinesisStreamClient client, Sending sending, Aggregation aggregation, Map<String, ShardMap> shardMaps,
      long requestBytes, RetryPolicy retry, StateLedger ledger, Clock clock, LongSupplier nanoTime,
      DoubleSupplier random, Executor requests, Executor listings) {
    this.client = client;
    this.sending = sending;
    this.aggregation = aggregation;
    this.nanoTime = nanoTime;
    this.requests = requests;
    for (Executor e : List.of(requests, listings)) {
      if (e instanceof ExecutorService pool) {
        pools.add(pool);
      }
    }
    this.batcher = new PutRecordsBatcher<>(sending.maxEntriesPerRequest(), requestBytes, e -> e.requestBytes);
    this.schedule = new SendSchedule(sending.flushInterval(), sending.maxConcurrentRequests(), batcher);
    this.retries = new RetryQueue(retry, random, client.where());
    this.maps = aggregation.enabled() ? new ShardMapCache(client::listShards, listings, l -> post(new Listed(l)),
        aggregation.shardMapRefresh(), shardMaps, nanoTime.getAsLong()) : null;
    this.outstanding = new OutstandingRecords(ledger, sending.maxBufferedBytes(), clock);
    this.thread = new Thread(this::run, "kinesis-send-loop");
    this.events = new EventInbox<>(thread);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /**
   * Takes a record, handed over to the loop in a run of records ({@link RecordRuns}); blocks while the in-memory
   * budget is spent. Writer thread only.
   */
  public void submit(String stream, Member member) throws InterruptedException {
    outstanding.add(member, runs::handOver, failureCheck);
    runs.add(stream, member);
  }

  /** Hands over the records taken so far: the writer is about to wait for more input. Writer thread only. */
  public void handOver() {
    runs.handOver();
  }

  /** A state arrived: let the loop send what it covers. Writer thread only. */
  public void wake() {
    runs.handOver();
    post(new Wake(false));
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
    endOfInput();
    try {
      done.get();
    } catch (ExecutionException e) {
      throwIfFailed();
      throw new SystemErrorException("Writing to Kinesis failed", e.getCause());
    }
    outstanding.summary();
    long resent = order.stream().mapToLong(Lane::resentAggregates).sum();
    if (retries.retried() > 0 || resent > 0) {
      LOG.info("Kinesis retries during this sync: {} entries retried, {} aggregates re-sent after a reshard",
          retries.retried(), resent);
    }
  }

  /** Records submitted and not yet acknowledged. */
  public int outstanding() {
    return outstanding.count();
  }

  @Override
  public void close() {
    thread.interrupt();
    pools.forEach(ExecutorService::shutdownNow);
    try {
      if (thread.isAlive()) {
        thread.join(5_000);
      }
      for (ExecutorService pool : pools) {
        pool.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The input ended: once every record is acknowledged, the loop is done. Writer thread only. */
  void endOfInput() {
    runs.handOver();
    post(new Wake(true));
  }

  /** True once every record was acknowledged after the end of input, or the loop failed. */
  boolean isDone() {
    return done.isDone();
  }

  /** One turn: handles every queued event, then schedules. Returns the nanos to wait for events; -1 once done. */
  long turn() {
    return turn(null);
  }

  private long turn(Event first) {
    try {
      long now = nanoTime.getAsLong();
      for (Event e = first != null ? first : events.poll(); e != null; e = events.poll()) {
        handle(e, now);
      }
      now = nanoTime.getAsLong();
      if (maps != null) {
        maps.refreshDue(now);
      }
      retries.promoteDue(now, Lane::retryDue);
      boolean statesWaiting = outstanding.statesWaiting();
      boolean pressure = outstanding.memoryPressure();
      for (Lane lane : order) {
        lane.seal(schedule.seal(lane, finishing, statesWaiting, pressure), schedule.agedBefore(now), now);
      }
      inFlight += schedule.dispatch(order, inFlight, finishing, now, this::send);
      if (finishing && outstanding.count() == 0 && inFlight == 0) {
        done.complete(null);
        return -1;
      }
      return schedule.nanosUntilNextDeadline(order, now, retries.nextDueNanos(),
          maps == null ? OptionalLong.empty() : maps.nextRefreshNanos());
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
      done.completeExceptionally(failure.get());
      return -1;
    }
  }

  private void run() {
    try {
      for (long wait = turn(); wait >= 0; ) {
        wait = turn(events.take(wait));
      }
    } catch (InterruptedException e) {
      failure.compareAndSet(null, new SystemErrorException("The Kinesis writer was interrupted", e));
      done.completeExceptionally(failure.get());
    }
  }

  /** Queues an event for the loop, from any thread. */
  private void post(Event event) {
    events.post(event);
  }

  private void handle(Event event, long now) {
    if (event instanceof Incoming in) {
      Lane lane = lane(in.stream(), now);
      for (Member m : in.members()) {
        lane.accept(m, now);
      }
    } else if (event instanceof Completed c) {
      completed(c, now);
    } else if (event instanceof Listed l) {
      listed(l.listing(), now);
    } else if (event instanceof Wake w && w.finish()) {
      finishing = true;
    }
  }

  private Lane lane(String stream, long now) {
    Lane lane = lanes.get(stream);
    if (lane == null) {
      lane = new Lane(stream, sending.preserveKeyOrder(), aggregation.enabled() ? aggregation.maxBytes() : 0,
          maps == null ? Optional.empty() : maps.use(stream), outstanding::acknowledge);
      if (lane.needsMap()) {
        maps.request(stream, now, now);
      }
      lanes.put(stream, lane);
      order.add(lane);
    }
    return lane;
  }

  /** Starts a request of the lane's ready entries on the request executor; its outcome comes back as an event. */
  private void send(Lane lane) {
    List<PutEntry> batch = lane.take(batcher);
    requests.execute(() -> {
      try {
        post(new Completed(lane, batch, client.putRecords(lane.stream, batch), null));
      } catch (Throwable t) {
        post(new Completed(lane, batch, null, t));
      }
    });
  }

  private void completed(Completed c, long now) {
    Lane lane = c.lane();
    lane.completed();
    inFlight--;
    PutRecordsOutcome<PutEntry> outcome = PutRecordsOutcome.classify(lane.stream, c.batch(), c.results(), c.error(),
        e -> e.predictedShard);
    if (outcome instanceof CallFailed<PutEntry> failed) {
      // The client retried the call with the whole policy already: trying again would only exceed the budget.
      throw failed.error();
    }
    Answered<PutEntry> answered = (Answered<PutEntry>) outcome;
    for (EntryOutcome<PutEntry> o : answered.entries()) {
      if (o instanceof Stored<PutEntry> s) {
        lane.stored(s.entry(), now);
      } else if (o instanceof StoredElsewhere<PutEntry> m) {
        lane.misplaced(m.entry(), m.shardId(), now).ifPresent(since -> maps.request(lane.stream, since, now));
      } else if (o instanceof Retry<PutEntry> r) {
        retries.retry(lane, r.entry(), r.error(), now);
      }
    }
    if (answered.retries() > 0) {
      retries.warn(lane.stream, answered.retries(), c.batch().size(), answered.firstError(), now);
    }
  }

  /** A listing came back; only lanes ask for listings, so its lane exists. */
  private void listed(ShardMapCache.Listing listing, long now) {
    maps.listed(listing, now);
    Lane lane = lanes.get(listing.stream());
    if (listing.failure() != null) {
      lane.listingFailed(listing.failure(), maps.listing(lane.stream));
    } else {
      lane.mapListed(listing.map(), listing.startedNanos(), now)
          .ifPresent(since -> maps.request(lane.stream, since, now));
    }
  }

  private static ExecutorService pool(int threads, String name) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}
