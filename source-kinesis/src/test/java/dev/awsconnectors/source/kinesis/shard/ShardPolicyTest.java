package dev.awsconnectors.source.kinesis.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.source.kinesis.shard.ShardStopRule.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The small pure policies of shard reading: pacing, stop rule and resume filter. */
class ShardPolicyTest {
  private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

  @Test
  void pacingKeepsFiveCallsPerSecond() {
    ShardPacer pacer = ShardPacer.KINESIS_LIMITS;
    assertThat(pacer.nextCallAt(1_000, 0)).isEqualTo(1_200);
    assertThat(pacer.nextCallAt(1_000, 1_000)).isEqualTo(1_200);
  }

  @Test
  void pacingKeepsTwoMebibytesPerSecond() {
    ShardPacer pacer = ShardPacer.KINESIS_LIMITS;
    assertThat(pacer.nextCallAt(0, 2 * 1024 * 1024)).isEqualTo(1_000);
    assertThat(pacer.nextCallAt(0, 10 * 1024 * 1024)).isEqualTo(5_000);
    assertThat(pacer.nextCallAt(0, 1024 * 1024)).isEqualTo(500);
  }

  @Test
  void pacingRejectsNonsense() {
    assertThatThrownBy(() -> new ShardPacer(Duration.ofMillis(-1), 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ShardPacer(Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNullNextIteratorEndsTheShardWhateverElse() {
    ShardStopRule rule = new ShardStopRule(1000);
    assertThat(rule.afterPage(100, 100, OptionalLong.of(99_999), true, Optional.of(T0))).isEqualTo(Outcome.SHARD_END);
  }

  @Test
  void caughtUpNeedsAShortPageAndLittleLag() {
    ShardStopRule rule = new ShardStopRule(1000);
    assertThat(rule.afterPage(0, 100, OptionalLong.of(0), false, Optional.empty())).isEqualTo(Outcome.CAUGHT_UP);
    assertThat(new ShardStopRule(1000).afterPage(40, 100, OptionalLong.of(1000), false, Optional.of(T0)))
        .isEqualTo(Outcome.CAUGHT_UP);
    assertThat(new ShardStopRule(1000).afterPage(100, 100, OptionalLong.of(0), false, Optional.of(T0)))
        .isEqualTo(Outcome.CONTINUE);
    assertThat(new ShardStopRule(1000).afterPage(0, 100, OptionalLong.of(1001), false, Optional.empty()))
        .isEqualTo(Outcome.CONTINUE);
    assertThat(new ShardStopRule(1000).afterPage(0, 100, OptionalLong.empty(), false, Optional.empty()))
        .isEqualTo(Outcome.CAUGHT_UP);
  }

  @Test
  void stopsOnceAPageReachesPastTheTipSeenOnTheFirstPage() {
    ShardStopRule rule = new ShardStopRule(0);
    assertThat(rule.afterPage(10, 10, OptionalLong.of(5_000), false, Optional.of(T0))).isEqualTo(Outcome.CONTINUE);
    assertThat(rule.tipAtStart()).contains(T0.plusMillis(5_000));
    assertThat(rule.afterPage(10, 10, OptionalLong.of(9_000), false, Optional.of(T0.plusMillis(5_000))))
        .isEqualTo(Outcome.CONTINUE);
    assertThat(rule.afterPage(10, 10, OptionalLong.of(9_000), false, Optional.of(T0.plusMillis(5_001))))
        .isEqualTo(Outcome.PASSED_START_TIP);
  }

  @Test
  void emptyPagesDoNotFixTheTip() {
    ShardStopRule rule = new ShardStopRule(0);
    assertThat(rule.afterPage(0, 10, OptionalLong.of(60_000), false, Optional.empty())).isEqualTo(Outcome.CONTINUE);
    assertThat(rule.tipAtStart()).isEmpty();
  }

  @Test
  void resumeFilterSkipsWhatWasEmittedComparingNumbersAsIntegers() {
    ResumeFilter through = ResumeFilter.through("1000");
    assertThat(through.firstToEmit("999")).isEqualTo(ResumeFilter.SKIP);
    assertThat(through.firstToEmit("1000")).isEqualTo(ResumeFilter.SKIP);
    assertThat(through.firstToEmit("1001")).isZero();
    assertThat(through.firstToEmit("10000")).isZero();
    assertThat(through.isPast("999")).isFalse();
    assertThat(through.isPast("1001")).isTrue();

    ResumeFilter inside = ResumeFilter.inside("1000", 4);
    assertThat(inside.firstToEmit("999")).isEqualTo(ResumeFilter.SKIP);
    assertThat(inside.firstToEmit("1000")).isEqualTo(5);
    assertThat(inside.isPast("1000")).isFalse();
    assertThatThrownBy(() -> ResumeFilter.through("x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void iteratorPositionsCarryWhatTheirTypeNeeds() {
    assertThat(IteratorPosition.afterSequenceNumber("5").hasSequenceNumber()).isTrue();
    assertThat(IteratorPosition.atTimestamp(T0).hasSequenceNumber()).isFalse();
    assertThatThrownBy(() -> new IteratorPosition(IteratorPosition.Type.AT_SEQUENCE_NUMBER, Optional.empty(),
        Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IteratorPosition(IteratorPosition.Type.LATEST, Optional.empty(), Optional.of(T0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IteratorPosition.afterSequenceNumber("abc")).isInstanceOf(IllegalArgumentException.class);
  }
}
