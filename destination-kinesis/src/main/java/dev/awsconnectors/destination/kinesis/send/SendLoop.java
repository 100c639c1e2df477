package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.commons.aws.RetryPolicy;
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
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Aggregation;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Sending;
import dev.awsconnectors.destination.kinesis.send.SendEvent.Completed;
import dev.awsconnectors.destination.kinesis.send.SendEvent.Incoming;
import dev.awsconnectors.destination.kinesis.send.SendEvent.Listed;
import dev.awsconnectors.destination.kinesis.send.SendEvent.Wake;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves accepted records to Kinesis and acknowledges them in the {@link StateLedger} once PutRecords stored them: an
 * event loop on one thread over the policies that decide everything else. {@link Lane} keeps each stream's entries
 * in order, {@link SendSchedule} says when requests go out and aggregates are sealed, {@link PutRecordsOutcome}
 * reads each answer, {@link RetryQueue} spaces the attempts of what Kinesis did not accept, {@link ShardMapCache}
 * lists shards for KPL aggregation. The AWS calls run on {@link CallExecutors} and come back as {@link SendEvent}s,
 * so the loop never waits for the network and holds no lock.
 *
 * <p>Lifecycle: {@link #start()}; then, from the writer's thread, records and wake-ups through {@link #intake()}
 * (its side of the loop, {@link SendIntake}); then {@link #finish()} once, which returns when every submitted record
 * is acknowledged; {@link #close()} always. A failure on the send side (a spent retry budget, a refused record, denied
 * access) stops the loop and is rethrown to the writer's thread by the intake's next call or by {@link #finish}. Tests
 * may instead drive the loop on their own thread with {@link #turn()}, giving it executors they run by hand.
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
  private final CallExecutors calls;
  private final Thread thread;
  /** Records, answers and wake-ups for the loop's thread, handed over without a lock. */
  private final EventInbox<SendEvent> events;
  private final SendIntake intake;
  private int inFlight;
  private boolean finishing;

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
        CallExecutors.pool(sending.maxConcurrentRequests(), "kinesis-put-records"),
        CallExecutors.pool(1, "kinesis-list-shards"));
  }

  /** With the executors of the PutRecords and ListShards calls (tests pass executors they run by hand). */
  SendLoop(KinesisStreamClient client, Sending sending, Aggregation aggregation, Map<String, ShardMap> shardMaps,
      long requestBytes, RetryPolicy retry, StateLedger ledger, Clock clock, LongSupplier nanoTime,
      DoubleSupplier random, Executor requests, Executor listings) {
    this.client = client;
    this.sending = sending;
    this.aggregation = aggregation;
    this.nanoTime = nanoTime;
    this.calls = new CallExecutors(requests, listings);
    this.batcher = new PutRecordsBatcher<>(sending.maxEntriesPerRequest(), requestBytes, e -> e.requestBytes);
    this.schedule = new SendSchedule(sending.flushInterval(), sending.maxConcurrentRequests(), batcher);
    this.retries = new RetryQueue(retry, random, client.where());
    this.thread = new Thread(this::run, "kinesis-send-loop");
    this.thread.setDaemon(true);
    this.events = new EventInbox<>(thread); // before the listing callback and the intake, which post to it
    this.maps = aggregation.enabled() ? new ShardMapCache(client::listShards, listings,
        l -> events.post(new Listed(l)), aggregation.shardMapRefresh(), shardMaps, nanoTime.getAsLong()) : null;
    this.outstanding = new OutstandingRecords(ledger, sending.maxBufferedBytes(), clock);
    this.intake = new SendIntake(outstanding, events);
  }

  public void start() {
    thread.start();
  }

  /** The writer's side of the loop: its records, wake-ups and failure checks go through it. */
  public SendIntake intake() {
    return intake;
  }

  /** End of input: returns once every submitted record is acknowledged, or throws the failure that prevented it. */
  public void finish() throws InterruptedException {
    intake.finish();
    long resent = order.stream().mapToLong(Lane::resentAggregates).sum();
    if (retries.retried() > 0 || resent > 0) {
      LOG.info("Kinesis retries during this sync: {} entries retried, {} aggregates re-sent after a reshard",
          retries.retried(), resent);
    }
  }

  @Override
  public void close() {
    thread.interrupt();
    calls.shutdownNow();
    try {
      if (thread.isAlive()) {
        thread.join(5_000);
      }
      calls.awaitTermination(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One turn: handles every queued event, then schedules. Returns the nanos to wait for events; -1 once done. */
  long turn() {
    return turn(null);
  }

  private long turn(SendEvent first) {
    try {
      long now = nanoTime.getAsLong();
      for (SendEvent e = first != null ? first : events.poll(); e != null; e = events.poll()) {
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
        intake.done();
        return -1;
      }
      return schedule.nanosUntilNextDeadline(order, now, retries.nextDueNanos(),
          maps == null ? OptionalLong.empty() : maps.nextRefreshNanos());
    } catch (Throwable t) {
      intake.failed(t);
      return -1;
    }
  }

  private void run() {
    try {
      for (long wait = turn(); wait >= 0; ) {
        wait = turn(events.take(wait));
      }
    } catch (InterruptedException e) {
      intake.failed(new SystemErrorException("The Kinesis writer was interrupted", e));
    }
  }

  private void handle(SendEvent event, long now) {
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
    calls.requests().execute(() -> {
      try {
        events.post(new Completed(lane, batch, client.putRecords(lane.stream, batch), null));
      } catch (Throwable t) {
        events.post(new Completed(lane, batch, null, t));
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
}
