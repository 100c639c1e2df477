package dev.awsconnectors.destination.s3.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.write.FlushSchedule.Cutoffs;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlushScheduleTest {
  private static final StreamDescriptor A = new StreamDescriptor("a", "ns");
  private static final StreamDescriptor B = new StreamDescriptor("b", "ns");
  private final FlushSchedule schedule = new FlushSchedule(Duration.ofSeconds(60));

  @Test
  void aStateForcesNothingBeforeItWaitedTheInterval() {
    schedule.stateArrived(Optional.of(A), 5, 100_000);
    assertThat(schedule.due(159_999)).isEqualTo(Cutoffs.NONE);
    assertThat(schedule.due(160_000)).isEqualTo(new Cutoffs(0, Map.of(A, 5L)));
  }

  @Test
  void aStreamStateCoversOnlyTheFilesOfItsStream() {
    schedule.stateArrived(Optional.of(A), 5, 0);
    Cutoffs due = schedule.due(60_000);
    assertThat(due.covers(A, 5)).isTrue();
    assertThat(due.covers(A, 6)).as("a file opened after the state").isFalse();
    assertThat(due.covers(B, 1)).as("another stream's file").isFalse();
  }

  @Test
  void aGlobalOrLegacyStateCoversEveryStream() {
    schedule.stateArrived(Optional.empty(), 7, 0);
    Cutoffs due = schedule.due(60_000);
    assertThat(due.covers(A, 7)).isTrue();
    assertThat(due.covers(B, 1)).isTrue();
    assertThat(due.covers(B, 8)).isFalse();
  }

  @Test
  void everyDueStateCountsNotOnlyTheOldest() {
    schedule.stateArrived(Optional.of(A), 3, 0);
    schedule.stateArrived(Optional.of(B), 10, 1_000);
    schedule.stateArrived(Optional.of(A), 20, 2_000);
    schedule.stateArrived(Optional.of(A), 30, 100_000);
    assertThat(schedule.due(62_000)).isEqualTo(new Cutoffs(0, Map.of(A, 20L, B, 10L)));
    assertThat(schedule.due(61_999)).isEqualTo(new Cutoffs(0, Map.of(A, 3L, B, 10L)));
    assertThat(schedule.all()).isEqualTo(new Cutoffs(0, Map.of(A, 30L, B, 10L)));
  }

  @Test
  void releasedStatesNoLongerForceAnything() {
    schedule.stateArrived(Optional.of(A), 3, 0);
    schedule.stateArrived(Optional.empty(), 10, 0);
    schedule.stateArrived(Optional.of(B), 12, 0);
    schedule.released(2);
    assertThat(schedule.waiting()).isEqualTo(1);
    assertThat(schedule.due(60_000)).isEqualTo(new Cutoffs(0, Map.of(B, 12L)));
    schedule.released(3);
    assertThat(schedule.due(60_000).isEmpty()).isTrue();
    assertThat(schedule.all()).isEqualTo(Cutoffs.NONE);
  }

  @Test
  void aGlobalCutoffAndAStreamCutoffCombine() {
    schedule.stateArrived(Optional.empty(), 10, 0);
    schedule.stateArrived(Optional.of(A), 15, 0);
    Cutoffs due = schedule.due(60_000);
    assertThat(due.covers(A, 15)).isTrue();
    assertThat(due.covers(B, 10)).isTrue();
    assertThat(due.covers(B, 11)).isFalse();
  }

  @Test
  void aZeroIntervalNeverForcesFilesButAFailingSyncStillStoresWhatStatesCover() {
    FlushSchedule never = new FlushSchedule(Duration.ZERO);
    never.stateArrived(Optional.of(A), 3, 0);
    assertThat(never.due(Long.MAX_VALUE)).isEqualTo(Cutoffs.NONE);
    assertThat(never.all()).isEqualTo(new Cutoffs(0, Map.of(A, 3L)));
  }

  @Test
  void aStateBeforeAnyRecordCoversNothing() {
    schedule.stateArrived(Optional.of(A), 0, 0);
    assertThat(schedule.due(60_000).covers(A, 1)).isFalse();
  }
}
