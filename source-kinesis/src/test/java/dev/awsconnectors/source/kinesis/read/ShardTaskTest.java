package dev.awsconnectors.source.kinesis.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.aws.RetryPolicy;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.kinesis.record.ShardHashRange;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig.CheckpointInterval;
import dev.awsconnectors.source.kinesis.record.RecordMapper;
import dev.awsconnectors.source.kinesis.shard.FakeKinesis;
import dev.awsconnectors.source.kinesis.shard.IteratorPosition;
import dev.awsconnectors.source.kinesis.shard.ShardLineage;
import dev.awsconnectors.source.kinesis.shard.ShardPacer;
import dev.awsconnectors.source.kinesis.shard.RecordsPage;
import dev.awsconnectors.source.kinesis.shard.ShardReadException;
import dev.awsconnectors.source.kinesis.shard.ShardReader;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import dev.awsconnectors.source.kinesis.shard.ShardStopRule.Outcome;
import dev.awsconnectors.source.kinesis.state.StreamState;
import dev.awsconnectors.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One shard's turns, driven one by one on the test thread with a hand-moved clock. */
@Timeout(20)
class ShardTaskTest {
  private static final long BUDGET_WAIT = 250;

  private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));
  private final FakeKinesis kinesis = new FakeKinesis().stream("s", "a", "b");
  private final PageQueue queue = new PageQueue(1 << 20);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final StreamRead stream = new StreamRead("s", StreamState.fresh(Optional.empty(), Optional.empty()),
      new ShardLineage(List.of(), Set.of()), CheckpointInterval.DEFAULT, false, 0);

  private ShardTask task(String shard, RecordBudget budget, int recordsPerCall) {
    return task(kinesis, shard, budget, recordsPerCall);
  }

  private ShardTask task(ShardReaderClient client, String shard, RecordBudget budget, int recordsPerCall) {
    ShardReader reader = new ShardReader(new ShardReader.Settings(new RecordMapper(true), ShardPacer.KINESIS_LIMITS,
        1000, false, RetryPolicy.DEFAULT, () -> 0.0, clock), client, "s", shard, ShardHashRange.WHOLE,
        IteratorPosition.trimHorizon(), Optional.empty());
    return new ShardTask(stream, reader, new ShardTask.Context(budget, recordsPerCall, () -> 2, queue, stopping::get,
        clock, BUDGET_WAIT));
  }

  private static RecordBudget unlimited() {
    return new RecordBudget(OptionalLong.empty());
  }

  private ShardEvent.PageRead nextPage() throws InterruptedException {
    ShardEvent event = queue.poll(0);
    assertThat(event).isInstanceOf(ShardEvent.PageRead.class);
    return (ShardEvent.PageRead) event;
  }

  @Test
  void aTurnHandsItsPageOverAndAsksForTheNextAtThePacedTime() throws Exception {
    kinesis.put("s", "a", "k", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    ShardTask task = task("a", unlimited(), 2);
    assertThat(task.turn()).hasValue(clock.millis() + 200);
    ShardEvent.PageRead first = nextPage();
    assertThat(first.shardId()).isEqualTo("a");
    assertThat(first.stream()).isSameAs(stream);
    assertThat(first.page().records()).hasSize(2);
    assertThat(first.reserved()).isEqualTo(2);
    clock.advance(Duration.ofMillis(200));
    assertThat(task.turn()).as("a short page at the tip ends the shard's turns").isEmpty();
    ShardEvent.PageRead last = nextPage();
    assertThat(last.page().records()).hasSize(1);
    assertThat(last.page().outcome()).isEqualTo(Outcome.CAUGHT_UP);
  }

  @Test
  void aRetryHandsNothingOverAndAsksForATurnAtItsTime() throws Exception {
    kinesis.put("s", "a", "k", "{\"n\":1}");
    RecordBudget budget = new RecordBudget(OptionalLong.of(10));
    ShardTask task = task("a", budget, 10);
    kinesis.failNextGetRecords(new ShardReadException(ShardReadException.Kind.ITERATOR_EXPIRED, "expired", null));
    assertThat(task.turn()).hasValue(clock.millis());
    assertThat(queue.isEmpty()).isTrue();
    assertThat(budget.reserve(10, 1)).as("the reservation was given back").isEqualTo(10);
  }

  @Test
  void whileCallsInFlightHoldTheWholeBudgetAShardWaitsWithoutCalling() throws Exception {
    kinesis.put("s", "a", "k", "{\"n\":1}", "{\"n\":2}");
    kinesis.put("s", "b", "k", "{\"n\":3}");
    RecordBudget budget = new RecordBudget(OptionalLong.of(1));
    task("a", budget, 10).turn();
    ShardEvent.PageRead inFlight = nextPage();
    assertThat(inFlight.reserved()).isEqualTo(1);
    int callsBefore = kinesis.calls().size();

    ShardTask b = task("b", budget, 10);
    assertThat(b.turn()).hasValue(clock.millis() + BUDGET_WAIT);
    assertThat(kinesis.calls()).hasSize(callsBefore);
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void aVanishedShardIsHandedOverAsGone() throws Exception {
    ShardTask task = task("a", unlimited(), 10);
    kinesis.expire("s", "a");
    assertThat(task.turn()).isEmpty();
    assertThat(queue.poll(0)).isInstanceOfSatisfying(ShardEvent.ShardGone.class,
        g -> assertThat(g.shardId()).isEqualTo("a"));
  }

  @Test
  void aFailureIsHandedOverAndEndsTheTurnsGivingTheBudgetBack() throws Exception {
    RecordBudget budget = new RecordBudget(OptionalLong.of(10));
    ShardTask task = task("a", budget, 10);
    kinesis.failNextGetRecords(new ConfigErrorException("Access denied"));
    assertThat(task.turn()).isEmpty();
    assertThat(queue.poll(0)).isInstanceOfSatisfying(ShardEvent.ReaderFailed.class,
        f -> assertThat(f.failure()).isInstanceOf(ConfigErrorException.class));
    assertThat(budget.reserve(10, 1)).isEqualTo(10);
  }

  @Test
  void aFailureWhileTheReadIsStoppingIsNotReported() throws Exception {
    // The read stops while the call is under way (its connections close): the failure is a consequence, not news.
    ShardReaderClient stoppedDuringTheCall = new ShardReaderClient() {
      @Override
      public StreamListPage listStreams(Optional<String> nextToken) {
        throw new UnsupportedOperationException();
      }

      @Override
      public StreamSummary describeStream(String name) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ShardListPage listShards(String name, Optional<String> nextToken) {
        throw new UnsupportedOperationException();
      }

      @Override
      public String shardIterator(String name, String shardId, IteratorPosition position) {
        return "iterator";
      }

      @Override
      public RecordsPage getRecords(String iterator, int limit) {
        stopping.set(true);
        throw new IllegalStateException("Connection pool shut down");
      }
    };
    assertThat(task(stoppedDuringTheCall, "a", unlimited(), 10).turn()).isEmpty();
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void aStoppingReadMakesNoMoreCalls() throws Exception {
    ShardTask task = task("a", unlimited(), 10);
    stopping.set(true);
    assertThat(task.turn()).isEmpty();
    assertThat(kinesis.calls()).isEmpty();
  }

  @Test
  void aClosedQueueEndsTheTurnsAndGivesTheBudgetBack() throws Exception {
    kinesis.put("s", "a", "k", "{\"n\":1}", "{\"n\":2}");
    RecordBudget budget = new RecordBudget(OptionalLong.of(10));
    ShardTask task = task("a", budget, 1);
    queue.close();
    assertThat(task.turn()).isEmpty();
    assertThat(budget.reserve(10, 1)).isEqualTo(10);
  }
}
