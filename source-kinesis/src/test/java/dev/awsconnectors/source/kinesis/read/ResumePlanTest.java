package dev.awsconnectors.source.kinesis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.source.kinesis.shard.IteratorPosition;
import dev.awsconnectors.source.kinesis.shard.ResumeFilter;
import dev.awsconnectors.source.kinesis.state.ShardCheckpoint;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ResumePlanTest {
  private static final String SEQ = "49590338271490256608559692538361571095921575989136588898";
  private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");

  @Test
  void aShardWithoutPositionStartsAtTheStreamsStartTimestampOrTrimHorizon() {
    assertThat(ResumePlan.of(ShardCheckpoint.NONE, Optional.empty()))
        .isEqualTo(new ResumePlan(IteratorPosition.trimHorizon(), Optional.empty()));
    assertThat(ResumePlan.of(ShardCheckpoint.NONE, Optional.of(START)))
        .isEqualTo(new ResumePlan(IteratorPosition.atTimestamp(START), Optional.empty()));
  }

  @Test
  void afterAWholeRecordItStartsAfterItAndSkipsEverythingUpToIt() {
    ResumePlan plan = ResumePlan.of(ShardCheckpoint.after(SEQ), Optional.of(START));
    assertThat(plan.start()).isEqualTo(IteratorPosition.afterSequenceNumber(SEQ));
    assertThat(plan.filter()).contains(ResumeFilter.through(SEQ));
  }

  @Test
  void insideAnAggregateItStartsAtItAndSkipsTheUserRecordsAlreadyEmitted() {
    ResumePlan plan = ResumePlan.of(ShardCheckpoint.inside(SEQ, 3), Optional.empty());
    assertThat(plan.start()).isEqualTo(IteratorPosition.atSequenceNumber(SEQ));
    assertThat(plan.filter()).contains(ResumeFilter.inside(SEQ, 3));
    assertThat(plan.filter().orElseThrow().firstToEmit(SEQ)).isEqualTo(4);
  }

  @Test
  void aFinishedShardHasNoPlan() {
    assertThatThrownBy(() -> ResumePlan.of(ShardCheckpoint.FINISHED, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
