package dev.awsconnectors.destination.kinesis.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.destination.kinesis.batch.PutRecordsBatcher;
import dev.awsconnectors.destination.kinesis.send.SendSchedule.Seal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SendScheduleTest {
  private static final long MS = 1_000_000L;
  private final SendSchedule schedule = new SendSchedule(Duration.ofMillis(200), 3,
      new PutRecordsBatcher<String>(10, 1000, String::length));

  /** A lane as the schedule sees it; sending a request takes up to 10 entries and puts one request in flight. */
  private static final class FakeLane implements SendSchedule.LaneState {
    final String name;
    int ready;
    long bytes;
    long oldestReady;
    int inFlight;
    OptionalLong open = OptionalLong.empty();

    FakeLane(String name, int ready, long oldestReady) {
      this.name = name;
      this.ready = ready;
      this.bytes = ready * 10L;
      this.oldestReady = oldestReady;
    }

    void send() {
      int taken = Math.min(10, ready);
      ready -= taken;
      bytes -= taken * 10L;
      inFlight++;
    }

    @Override
    public int readyCount() {
      return ready;
    }

    @Override
    public long readyBytes() {
      return bytes;
    }

    @Override
    public long oldestReadyNanos() {
      return oldestReady;
    }

    @Override
    public int inFlight() {
      return inFlight;
    }

    @Override
    public OptionalLong oldestOpenNanos() {
      return open;
    }
  }

  @Test
  void aPartialRequestGoesWhenNothingOfItsStreamIsInFlight() {
    FakeLane lane = new FakeLane("a", 3, 0);
    assertThat(schedule.sendsNow(lane, false, 1)).isTrue();
    lane.inFlight = 1;
    assertThat(schedule.sendsNow(lane, false, 199 * MS)).as("gathers behind the request in flight").isFalse();
    assertThat(schedule.sendsNow(lane, false, 200 * MS)).as("until the flush interval").isTrue();
    assertThat(schedule.sendsNow(lane, true, 1)).as("or the end of input").isTrue();
  }

  @Test
  void aFullRequestGoesAtOnce() {
    FakeLane byCount = new FakeLane("a", 10, 0);
    byCount.inFlight = 2;
    assertThat(schedule.sendsNow(byCount, false, 1)).isTrue();
    FakeLane byBytes = new FakeLane("b", 2, 0);
    byBytes.bytes = 1000;
    byBytes.inFlight = 2;
    assertThat(schedule.sendsNow(byBytes, false, 1)).isTrue();
  }

  @Test
  void nothingReadyNothingSent() {
    assertThat(schedule.sendsNow(new FakeLane("a", 0, 0), true, 1)).isFalse();
  }

  @Test
  void freeSlotsAreSharedRoundRobinAndTheStartMovesEveryRound() {
    List<FakeLane> lanes = List.of(new FakeLane("a", 50, 0), new FakeLane("b", 50, 0), new FakeLane("c", 50, 0),
        new FakeLane("d", 50, 0));
    List<String> sent = new ArrayList<>();
    assertThat(schedule.dispatch(lanes, 0, false, 0, l -> {
      sent.add(l.name);
      l.send();
    })).isEqualTo(3);
    assertThat(sent).containsExactly("a", "b", "c");
    sent.clear();
    assertThat(schedule.dispatch(lanes, 1, false, 0, l -> {
      sent.add(l.name);
      l.send();
    })).isEqualTo(2);
    assertThat(sent).containsExactly("b", "c");
  }

  @Test
  void aBusyLaneTakesEverySlotWhenTheOthersHaveNothing() {
    FakeLane busy = new FakeLane("busy", 100, 0);
    List<FakeLane> lanes = List.of(new FakeLane("idle", 0, 0), busy);
    List<String> sent = new ArrayList<>();
    schedule.dispatch(lanes, 0, false, 0, l -> {
      sent.add(l.name);
      l.send();
    });
    assertThat(sent).containsExactly("busy", "busy", "busy");
  }

  @Test
  void aPartialRequestDoesNotTakeASecondSlot() {
    FakeLane lane = new FakeLane("a", 15, 0);
    List<String> sent = new ArrayList<>();
    schedule.dispatch(List.of(lane), 0, false, 1, l -> {
      sent.add(l.name);
      l.send();
    });
    assertThat(sent).as("10 full, then 5 wait behind it").hasSize(1);
    assertThat(schedule.dispatch(List.of(lane), 1, false, 1, l -> l.send())).isZero();
  }

  @Test
  void agedAggregatesAreSealedAndAllOnesWhenIdleLanesHaveStatesWaitingOrMemoryRunsShort() {
    FakeLane lane = new FakeLane("a", 0, 0);
    assertThat(schedule.seal(lane, true, true, true)).as("nothing open").isEqualTo(Seal.NONE);
    lane.open = OptionalLong.of(5);
    assertThat(schedule.seal(lane, false, false, false)).isEqualTo(Seal.AGED);
    assertThat(schedule.seal(lane, true, false, false)).isEqualTo(Seal.ALL);
    assertThat(schedule.seal(lane, false, true, false)).isEqualTo(Seal.ALL);
    assertThat(schedule.seal(lane, false, false, true)).isEqualTo(Seal.ALL);
    lane.inFlight = 1;
    assertThat(schedule.seal(lane, false, true, true)).as("not idle: gathers").isEqualTo(Seal.AGED);
    lane.inFlight = 0;
    lane.ready = 1;
    assertThat(schedule.seal(lane, false, true, true)).as("not idle: gathers").isEqualTo(Seal.AGED);
    assertThat(schedule.agedBefore(1_000 * MS)).isEqualTo(800 * MS);
  }

  @Test
  void theLoopWakesUpAtTheFirstDeadline() {
    FakeLane ready = new FakeLane("a", 1, 100 * MS);
    FakeLane open = new FakeLane("b", 0, 0);
    open.open = OptionalLong.of(50 * MS);
    assertThat(schedule.nanosUntilNextDeadline(List.of(ready, open), 60 * MS)).isEqualTo(190 * MS);
    assertThat(schedule.nanosUntilNextDeadline(List.of(ready, open), 60 * MS, OptionalLong.of(70 * MS),
        OptionalLong.empty())).isEqualTo(10 * MS);
    assertThat(schedule.nanosUntilNextDeadline(List.of(ready), 400 * MS)).as("overdue: at least 1 ms")
        .isEqualTo(MS);
    assertThat(schedule.nanosUntilNextDeadline(List.of(new FakeLane("c", 0, 0)), 0, OptionalLong.empty()))
        .as("nothing waits").isEqualTo(1_000 * MS);
  }

  @Test
  void deadlinesAreComparedSafelyAcrossTheNanoClocksSignChange() {
    FakeLane ready = new FakeLane("a", 1, Long.MAX_VALUE - 100 * MS);
    assertThat(schedule.nanosUntilNextDeadline(List.of(ready), Long.MAX_VALUE - 50 * MS,
        OptionalLong.of(Long.MIN_VALUE + 500 * MS))).isEqualTo(150 * MS);
  }
}
