package dev.awsconnectors.destination.kinesis.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.aws.RetryPolicy;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.state.IncomingState;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.destination.kinesis.FakeKinesis;
import dev.awsconnectors.destination.kinesis.FakeKinesis.Stored;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap.ShardRange;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Aggregation;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Sending;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.KplDeaggregator;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.testkit.Messages;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The send loop driven turn by turn on the test's thread: its PutRecords and ListShards calls wait in executors the
 * test runs by hand, and its clock moves only when the test moves it. So the paths that real threads reach only by
 * chance (a shard map changing while aggregates are in flight, a repair landing on the wrong shard again, a listing
 * failing) are taken on purpose, in a known order.
 */
class SendLoopTest {
  private static final long MS = 1_000_000L;
  private static final String STREAM = "orders";

  private final AtomicLong nanos = new AtomicLong(5_000 * MS);
  private final ManualExecutor requests = new ManualExecutor();
  private final ManualExecutor listings = new ManualExecutor();
  private final List<Integer> released = new ArrayList<>();
  private final StateLedger ledger = new StateLedger(state -> released.add(state.get("id").asInt()));
  private final List<SendLoop> loops = new ArrayList<>();
  private int stateId;

  @AfterEach
  void close() {
    loops.forEach(SendLoop::close);
  }

  private SendLoop loop(FakeKinesis fake, boolean aggregate, Map<String, ShardMap> maps, int attempts) {
    Sending sending = new Sending(500, Duration.ofMillis(200), 4, true, 64L << 20);
    RetryPolicy retry = new RetryPolicy(attempts, Duration.ofSeconds(30), Duration.ofMillis(100),
        Duration.ofSeconds(1));
    SendLoop loop = new SendLoop(fake, sending, new Aggregation(aggregate, 64 * 1024, Duration.ofSeconds(60)), maps,
        5L << 20, retry, ledger, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), nanos::get, () -> 0.5, requests,
        listings);
    loops.add(loop);
    return loop;
  }

  private void record(SendLoop loop, String stream, String key, int id) throws InterruptedException {
    StateLedger.RecordGroup group = ledger.recordAccepted(new StreamDescriptor(stream, null));
    byte[] data = ("{\"id\":" + id + ",\"key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
    loop.intake().submit(stream, new Member(new UserRecord(key, null, data), group, 100));
  }

  /** Records {@code from} to {@code to - 1} of {@link #STREAM}, record i keyed "k(i % keys)", then a STREAM state. */
  private void recordsThenState(SendLoop loop, int from, int to, int keys) throws Exception {
    for (int i = from; i < to; i++) {
      record(loop, STREAM, "k" + i % keys, i);
    }
    state(loop, STREAM);
  }

  private int state(SendLoop loop, String stream) throws Exception {
    int id = ++stateId;
    ObjectNode raw = (ObjectNode) ProtocolCodec.readTreeUnchecked(Messages.streamState(null, stream,
        Messages.json("{\"n\":" + id + "}"), id)).get("state");
    ledger.stateAccepted(new IncomingState(ProtocolCodec.convert(raw, AirbyteStateMessage.class), raw));
    loop.intake().wake();
    return id;
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  /** Turns the loop and runs every call it starts until none is pending. */
  private void runToQuiet(SendLoop loop) {
    for (int i = 0; i < 1_000; i++) {
      loop.turn();
      if (requests.pending() == 0 && listings.pending() == 0) {
        return;
      }
      requests.runPending();
      listings.runPending();
    }
    throw new AssertionError("the loop did not settle");
  }

  /** Ends the input and runs the loop until it is done. */
  private void finish(SendLoop loop) {
    loop.intake().endOfInput();
    runToQuiet(loop);
    assertThat(loop.intake().isDone()).isTrue();
    loop.intake().throwIfFailed();
  }

  /** The n-th (from 0) partition key whose hash lies in [low, high]. */
  private static String keyIn(ShardRange shard, int n) {
    int found = 0;
    for (int i = 0; ; i++) {
      String key = "key-" + i;
      if (shard.contains(HashKeys.ofPartitionKey(key)) && found++ == n) {
        return key;
      }
    }
  }

  private static ShardRange range(BigInteger start, BigInteger end) {
    return new ShardRange("any", start, end, true);
  }

  /** Record ids a KCL consumer sees: per shard, an aggregate holding a record outside the shard's range is dropped. */
  private static List<Integer> visibleIds(FakeKinesis fake) {
    List<Integer> ids = new ArrayList<>();
    for (Map.Entry<ShardRange, List<Stored>> shard : fake.recordsByShard(STREAM).entrySet()) {
      for (Stored s : shard.getValue()) {
        var users = KplDeaggregator.deaggregate(s.data());
        List<UserRecord> records = users.orElse(List.of(new UserRecord(s.partitionKey(), null, s.data())));
        if (users.isEmpty() || MisplacedRepair.holdsAll(shard.getKey(), records.stream()
            .map(u -> new Member(u, null, 0)).toList())) {
          records.forEach(u -> ids.add(ProtocolCodec.readTreeUnchecked(new String(u.data(), StandardCharsets.UTF_8))
              .get("id").asInt()));
        }
      }
    }
    return ids;
  }

  /** A loop on its own thread, its calls on their own threads, its clock standing still. */
  private SendLoop started(FakeKinesis fake) {
    return started(fake, 64L << 20);
  }

  private SendLoop started(FakeKinesis fake, long maxBufferedBytes) {
    Sending sending = new Sending(500, Duration.ofMillis(200), 4, true, maxBufferedBytes);
    SendLoop loop = new SendLoop(fake, sending, new Aggregation(false, 64 * 1024, Duration.ofSeconds(60)), Map.of(),
        5L << 20, new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1)), ledger,
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), nanos::get, () -> 0.5, Executors.newFixedThreadPool(2),
        Executors.newSingleThreadExecutor());
    loops.add(loop);
    loop.start();
    return loop;
  }

  @Test
  void aStartedLoopWaitingForEventsTakesEachHandOverFromOtherThreads() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1);
    SendLoop loop = started(fake);
    for (int i = 0; i < 50; i++) {
      record(loop, STREAM, "k", i);
      loop.intake().handOver(); // as the writer does before it waits for more input
      // Each record goes out alone (nothing else in flight): the loop waits again between them.
      while (loop.intake().outstanding() > 0) {
        Thread.sleep(1);
      }
    }
    loop.finish();

    assertThat(fake.records(STREAM)).hasSize(50);
    assertThat(ledger.unacknowledgedRecords()).isZero();
  }

  @Test
  void recordsCrossToTheLoopInRunsWhichAStateOrTheWritersHandOverEndsEarly() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1).withStream("other", 1);
    SendLoop loop = loop(fake, false, Map.of(), 5);
    for (int i = 0; i < 10; i++) {
      record(loop, STREAM, "k" + i, i);
    }
    runToQuiet(loop);
    assertThat(fake.records(STREAM)).as("held on the writer's side until a run is handed over").isEmpty();

    loop.intake().handOver();
    runToQuiet(loop);
    assertThat(fake.records(STREAM)).hasSize(10);

    // A full run goes by itself; a record of another stream hands over the run before it.
    for (int i = 10; i < 10 + RecordRuns.RUN; i++) {
      record(loop, STREAM, "k" + i, i);
    }
    record(loop, "other", "k", 100);
    runToQuiet(loop);
    assertThat(fake.records(STREAM)).hasSize(10 + RecordRuns.RUN);
    assertThat(fake.records("other")).isEmpty();

    int state = state(loop, "other");
    runToQuiet(loop);
    assertThat(fake.records("other")).hasSize(1);
    assertThat(released).containsExactly(state);
    finish(loop);
  }

  @Test
  @Timeout(30) // without the hand-over the writer would wait for ever
  void aWriterOutOfMemoryHandsOverWhatItHoldsBeforeItWaitsSoTheLoopCanFreeIt() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1);
    // Room for two records of 100 budget bytes: the third waits for the first two, which are still on this side.
    SendLoop loop = started(fake, 250);
    for (int i = 0; i < 20; i++) {
      record(loop, STREAM, "k", i);
    }
    loop.finish();

    assertThat(fake.records(STREAM)).hasSize(20);
    assertThat(ledger.unacknowledgedRecords()).isZero();
  }

  @Test
  void closingAWaitingLoopEndsItsThreadAndFinishReportsTheInterruption() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1);
    SendLoop loop = started(fake);
    record(loop, STREAM, "k", 1);
    loop.intake().handOver();
    while (loop.intake().outstanding() > 0) {
      Thread.sleep(1);
    }

    loop.close();
    assertThatThrownBy(loop::finish).hasMessageContaining("interrupted");
  }

  @Test
  void aStateIsReleasedOnlyOnceKinesisStoredEveryRecordBeforeIt() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 2);
    SendLoop loop = loop(fake, false, Map.of(), 5);
    recordsThenState(loop, 0, 3, 3);
    loop.turn();
    assertThat(requests.pending()).isEqualTo(1);
    requests.runNext();
    assertThat(fake.records(STREAM)).hasSize(3);
    assertThat(released).as("stored, but the loop has not read the answer").isEmpty();
    loop.turn();
    assertThat(released).containsExactly(1);
    finish(loop);
    assertThat(loop.intake().outstanding()).isZero();
  }

  @Test
  void aStreamWithoutAShardMapIsListedOffTheLoopAndItsRecordsWaitForIt() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 2);
    SendLoop loop = loop(fake, true, Map.of(), 5);
    recordsThenState(loop, 0, 4, 4);
    loop.turn();
    loop.turn();
    assertThat(fake.listShardsCalls()).as("never on the loop's thread").isZero();
    assertThat(listings.pending()).isEqualTo(1);
    assertThat(requests.pending()).as("records wait for the map").isZero();

    listings.runNext();
    assertThat(fake.listShardsCalls()).isEqualTo(1);
    runToQuiet(loop);
    assertThat(released).containsExactly(1);
    assertThat(fake.putEntries()).as("aggregated per shard").isLessThanOrEqualTo(2);
    finish(loop);
  }

  @Test
  void aSlowListingOfOneStreamDelaysNoOtherStream() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream("slow", 1).withStream("quick", 1);
    SendLoop loop = loop(fake, true, Map.of("quick", fake.listShards("quick")), 5);
    record(loop, "slow", "a", 1);
    record(loop, "quick", "b", 2);
    state(loop, "quick");
    loop.turn();
    assertThat(listings.pending()).isEqualTo(1);
    requests.runPending();
    loop.turn();
    assertThat(released).as("while 'slow' is still being listed").containsExactly(1);

    state(loop, "slow");
    listings.runNext();
    runToQuiet(loop);
    assertThat(released).containsExactly(1, 2);
    finish(loop);
  }

  @Test
  void aggregatesOfANewShardMapWaitUntilThoseOfTheOldOneAreStored() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 2);
    SendLoop loop = loop(fake, true, Map.of(STREAM, fake.listShards(STREAM)), 5);
    List<String> shards = fake.openShards(STREAM);
    recordsThenState(loop, 0, 20, 10);
    loop.turn();
    assertThat(requests.pending()).as("one request with an aggregate per shard").isEqualTo(1);

    fake.merge(STREAM, shards.get(0), shards.get(1));
    advance(Duration.ofSeconds(60));
    loop.turn();
    assertThat(listings.pending()).as("the periodic listing").isEqualTo(1);
    listings.runNext();
    loop.turn(); // the new layout: epoch 1
    recordsThenState(loop, 20, 40, 10);
    loop.turn();
    advance(Duration.ofMillis(200));
    loop.turn(); // sealed as it aged
    assertThat(requests.pending()).as("the aggregate for the merged shard waits for the old ones").isEqualTo(1);

    requests.runNext(); // the old aggregates land on the merged shard, which holds all their records: kept
    loop.turn();
    assertThat(released).containsExactly(1);
    assertThat(requests.pending()).as("now the new aggregate goes").isEqualTo(1);
    requests.runNext();
    loop.turn();
    assertThat(released).containsExactly(1, 2);
    finish(loop);

    List<Stored> stored = fake.records(STREAM);
    assertThat(stored).as("2 old aggregates, 1 new, none sent twice").hasSize(3);
    assertThat(stored.get(2).shardId()).as("the new one stored last").isEqualTo(fake.openShards(STREAM).get(0));
    assertThat(visibleIds(fake)).hasSize(40).doesNotHaveDuplicates();
  }

  @Test
  void aRepairThatLandsOnTheWrongShardAgainIsRepairedAgainAndHoldsBackItsKey() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1);
    String parent = fake.openShards(STREAM).get(0);
    SendLoop loop = loop(fake, true, Map.of(STREAM, fake.listShards(STREAM)), 5);
    BigInteger middle = HashKeys.MAX.shiftRight(1);
    BigInteger quarter = middle.shiftRight(1);
    ShardRange lowLow = range(BigInteger.ZERO, quarter);
    ShardRange lowHigh = range(quarter.add(BigInteger.ONE), middle);
    ShardRange high = range(middle.add(BigInteger.ONE), HashKeys.MAX);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.addAll(List.of(keyIn(lowLow, i), keyIn(high, i), keyIn(lowHigh, i)));
    }
    for (int i = 0; i < 9; i++) {
      record(loop, STREAM, keys.get(i), i);
    }
    state(loop, STREAM);
    loop.turn(); // aggregate E, for the parent shard
    for (int i = 9; i < 12; i++) {
      record(loop, STREAM, keys.get(i - 9), i);
    }
    state(loop, STREAM);
    loop.turn();
    advance(Duration.ofMillis(200));
    loop.turn(); // aggregate E2, also for the parent: waits behind E (same key)
    assertThat(requests.pending()).isEqualTo(1);

    fake.split(STREAM, parent);
    requests.runNext(); // E lands on the low child, which the loop's map does not know
    int listed = fake.listShardsCalls();
    loop.turn();
    assertThat(fake.listShardsCalls()).as("listing is not the loop's job").isEqualTo(listed);
    assertThat(listings.pending()).isEqualTo(1);
    assertThat(requests.pending()).isZero();

    listings.runNext(); // parent closed, low and high open
    loop.turn(); // E is repaired: its records go again as one aggregate per child
    assertThat(requests.pending()).isEqualTo(1);
    String low = fake.openShards(STREAM).get(0);
    fake.split(STREAM, low);
    requests.runNext(); // the repair for "low" lands on a grandchild: misplaced again
    loop.turn();
    assertThat(listings.pending()).isEqualTo(1);
    assertThat(released).as("records of E are not all stored yet").isEmpty();

    listings.runNext();
    loop.turn(); // the repair is repaired
    assertThat(requests.pending()).isEqualTo(1);
    requests.runNext();
    loop.turn();
    assertThat(released).as("every record of E stored where KCL consumers keep it").containsExactly(1);
    assertThat(requests.pending()).as("E2 was held behind E until then").isEqualTo(1);

    runToQuiet(loop);
    assertThat(released).containsExactly(1, 2);
    finish(loop);
    assertThat(visibleIds(fake)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
  }

  @Test
  void aFailedPeriodicListingKeepsTheMapAndSendingGoesOn() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1);
    SendLoop loop = loop(fake, true, Map.of(STREAM, fake.listShards(STREAM)), 5);
    fake.failListShards(1, new TransientErrorException("ListShards kept being throttled"));
    record(loop, STREAM, "a", 1);
    loop.intake().handOver();
    advance(Duration.ofSeconds(60));
    loop.turn();
    listings.runNext();
    loop.turn();
    state(loop, STREAM);
    runToQuiet(loop);
    assertThat(released).containsExactly(1);
    advance(Duration.ofSeconds(60));
    loop.turn();
    assertThat(listings.pending()).as("tried again a period later").isEqualTo(1);
    finish(loop);
  }

  @Test
  void aFailedListingThatAMisplacedAggregateWaitsForEndsTheSyncWithItsError() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1);
    String parent = fake.openShards(STREAM).get(0);
    SendLoop loop = loop(fake, true, Map.of(STREAM, fake.listShards(STREAM)), 5);
    recordsThenState(loop, 0, 6, 6);
    loop.turn();
    fake.split(STREAM, parent);
    fake.failListShards(1, new TransientErrorException("AWS kept failing while listing the shards "
        + "(kinesis:ListShards)"));
    requests.runNext();
    loop.turn();
    listings.runNext();
    assertThat(loop.turn()).isNegative();
    assertThat(loop.intake().isDone()).isTrue();
    assertThatThrownBy(loop.intake()::throwIfFailed).isInstanceOf(TransientErrorException.class)
        .hasMessageContaining("kinesis:ListShards");
    assertThat(released).isEmpty();
  }

  @Test
  void aFailedListingWithANewerOneOnItsWayWaitsForTheNewerOne() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1);
    String parent = fake.openShards(STREAM).get(0);
    SendLoop loop = loop(fake, true, Map.of(STREAM, fake.listShards(STREAM)), 5);
    recordsThenState(loop, 0, 6, 6);
    advance(Duration.ofSeconds(60));
    loop.turn(); // sends the aggregate and starts the periodic listing
    assertThat(listings.pending()).isEqualTo(1);
    fake.split(STREAM, parent);
    requests.runNext();
    advance(Duration.ofMillis(1));
    loop.turn(); // misplaced: the periodic listing started before the landing, so a newer one is needed
    fake.failListShards(1, new TransientErrorException("throttled"));
    listings.runNext(); // the periodic one fails
    loop.turn();
    assertThat(loop.intake().isDone()).isFalse();
    assertThat(listings.pending()).isEqualTo(1);
    runToQuiet(loop);
    assertThat(released).containsExactly(1);
    finish(loop);
    assertThat(visibleIds(fake)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
  }

  @Test
  void refusedEntriesAreSentAgainWhenTheirBackoffHasPassedOnTheLoopsClock() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1).failEntries(1.0,
        "ProvisionedThroughputExceededException");
    SendLoop loop = loop(fake, false, Map.of(), 5);
    record(loop, STREAM, "a", 1);
    state(loop, STREAM);
    loop.turn();
    requests.runNext();
    fake.failEntries(0, "none");
    loop.turn();
    // random 0.5 of the first ceiling (100 ms)
    advance(Duration.ofMillis(49));
    loop.turn();
    assertThat(requests.pending()).isZero();
    advance(Duration.ofMillis(1));
    loop.turn();
    assertThat(requests.pending()).isEqualTo(1);
    runToQuiet(loop);
    assertThat(released).containsExactly(1);
    finish(loop);
  }

  @Test
  void entriesRefusedUntilTheirAttemptsAreSpentEndTheSyncWithNoCoveringState() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1).failEntries(1.0, "InternalFailure");
    SendLoop loop = loop(fake, false, Map.of(), 3);
    state(loop, STREAM);
    record(loop, STREAM, "a", 1);
    state(loop, STREAM);
    for (int i = 0; i < 10 && !loop.intake().isDone(); i++) {
      runToQuiet(loop);
      advance(Duration.ofSeconds(1));
    }
    assertThat(loop.intake().isDone()).isTrue();
    assertThatThrownBy(loop.intake()::throwIfFailed).isInstanceOf(TransientErrorException.class)
        .hasMessageContaining("after 3 attempts").hasMessageContaining("InternalFailure");
    assertThat(released).containsExactly(1);
    assertThat(fake.putCalls()).isEqualTo(3);
  }

  @Test
  void aCallThatFailedThroughTheClientsRetriesEndsTheSyncAtOnce() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1).throttleNextCalls(1);
    SendLoop loop = loop(fake, false, Map.of(), 20);
    record(loop, STREAM, "a", 1);
    state(loop, STREAM);
    loop.turn();
    requests.runNext();
    assertThat(loop.turn()).isNegative();
    assertThatThrownBy(loop.intake()::throwIfFailed).isInstanceOf(TransientErrorException.class)
        .hasMessageContaining("ProvisionedThroughputExceededException");
    assertThat(fake.putCalls()).as("the client spent the budget already: no second call").isEqualTo(1);
    assertThat(released).isEmpty();
  }
}
