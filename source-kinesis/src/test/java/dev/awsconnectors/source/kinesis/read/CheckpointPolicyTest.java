package dev.awsconnectors.source.kinesis.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig.CheckpointInterval;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CheckpointPolicyTest {
  private static final long T0 = 1_000_000;

  private static CheckpointPolicy policy(long records, long seconds) {
    return new CheckpointPolicy(new CheckpointInterval(records, Duration.ofSeconds(seconds)), T0);
  }

  @Test
  void aStateIsDueAtEveryNthRecordAndCoversTheRecordsSinceTheLastOne() {
    CheckpointPolicy p = policy(3, 3600);
    assertThat(p.recordEmitted()).isFalse();
    assertThat(p.recordEmitted()).isFalse();
    assertThat(p.recordEmitted()).isTrue();
    assertThat(p.checkpointed(T0)).isEqualTo(3);
    assertThat(p.recordEmitted()).isFalse();
    assertThat(p.checkpointed(T0 + 1)).isEqualTo(1);
    assertThat(p.checkpointed(T0 + 2)).isZero();
  }

  @Test
  void aCountThatIsNotCheckpointedKeepsBeingDue() {
    CheckpointPolicy p = policy(1, 3600);
    assertThat(p.recordEmitted()).isTrue();
    assertThat(p.recordEmitted()).isTrue();
    assertThat(p.checkpointed(T0)).isEqualTo(2);
  }

  @Test
  void byTimeAStateIsDueOnlyIfTheStateChangedAndTheIntervalPassed() {
    CheckpointPolicy p = policy(1000, 30);
    assertThat(p.isDue(T0 + 60_000)).as("unchanged").isFalse();
    assertThat(p.dueAtMillis()).isEmpty();
    p.recordEmitted();
    assertThat(p.dueAtMillis()).hasValue(T0 + 30_000);
    assertThat(p.isDue(T0 + 29_999)).isFalse();
    assertThat(p.isDue(T0 + 30_000)).isTrue();
    assertThat(p.checkpointed(T0 + 30_500)).isEqualTo(1);
    assertThat(p.isDue(T0 + 90_000)).as("unchanged since").isFalse();
    p.changed();
    assertThat(p.dueAtMillis()).hasValue(T0 + 60_500);
    assertThat(p.isDue(T0 + 60_499)).isFalse();
    assertThat(p.isDue(T0 + 60_500)).isTrue();
    assertThat(p.checkpointed(T0 + 60_500)).as("a change without records covers none").isZero();
  }

  @Test
  void aStateEmittedForTheCountRestartsTheInterval() {
    CheckpointPolicy p = policy(2, 10);
    p.recordEmitted();
    assertThat(p.recordEmitted()).isTrue();
    p.checkpointed(T0 + 9_000);
    p.recordEmitted();
    assertThat(p.isDue(T0 + 10_000)).isFalse();
    assertThat(p.isDue(T0 + 19_000)).isTrue();
  }
}
