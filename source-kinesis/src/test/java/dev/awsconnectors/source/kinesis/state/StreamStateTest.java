package dev.awsconnectors.source.kinesis.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamStateTest {
  private static final String S1 = "49590338271490256608559692538361571095921575989136588898";
  private static final String S2 = "49590338271490256608559692538361571095921575989136589154";

  @Test
  void aPlainRecordMovesTheShardPastIt() {
    StreamState state = StreamState.fresh(Optional.empty(), Optional.empty());
    state.emitted("a", S1, 0, true);
    assertThat(state.shard("a")).isEqualTo(ShardCheckpoint.after(S1));
    assertThat(state.shard("a").insideAggregate()).isFalse();
  }

  @Test
  void insideAnAggregateTheSubSequenceNumberIsKeptUntilItsLastUserRecord() {
    StreamState state = StreamState.fresh(Optional.empty(), Optional.empty());
    state.emitted("a", S1, 0, false);
    state.emitted("a", S1, 1, false);
    assertThat(state.shard("a")).isEqualTo(ShardCheckpoint.inside(S1, 1));
    state.emitted("a", S1, 2, true);
    assertThat(state.shard("a")).isEqualTo(ShardCheckpoint.after(S1));
  }

  @Test
  void sequenceNumbersAreComparedAsIntegersNotText() {
    StreamState state = StreamState.fresh(Optional.empty(), Optional.empty());
    state.emitted("a", "999", 0, true);
    state.emitted("a", "1000", 0, true);
    assertThat(state.shard("a")).isEqualTo(ShardCheckpoint.after("1000"));
    assertThatThrownBy(() -> state.emitted("a", "999", 0, true)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void neverMovesBackwardsOrRepeatsARecord() {
    StreamState state = StreamState.fresh(Optional.empty(), Optional.empty());
    state.emitted("a", S2, 3, false);
    assertThatThrownBy(() -> state.emitted("a", S2, 3, false)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> state.emitted("a", S2, 2, true)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> state.emitted("a", S1, 0, true)).isInstanceOf(IllegalStateException.class);
    state.emitted("b", S2, 0, true);
    assertThatThrownBy(() -> state.emitted("b", S2, 1, true)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFinishedShardKeepsOnlyItsFlagAndTakesNoMoreRecords() {
    StreamState state = StreamState.fresh(Optional.empty(), Optional.empty());
    state.emitted("a", S1, 0, true);
    state.finished("a");
    assertThat(state.shard("a")).isEqualTo(ShardCheckpoint.FINISHED);
    assertThat(state.finishedShards()).containsExactly("a");
    assertThatThrownBy(() -> state.emitted("a", S2, 0, true)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void retainOnlyDropsShardsThatNoLongerExist() {
    StreamState state = new StreamState(Optional.empty(), Optional.empty(), Map.of("a", ShardCheckpoint.FINISHED,
        "b", ShardCheckpoint.after(S1), "c", ShardCheckpoint.after(S2)));
    assertThat(state.retainOnly(Set.of("b", "z"))).containsExactlyInAnyOrder("a", "c");
    assertThat(state.shards()).containsOnlyKeys("b");
    state.remove("b");
    assertThat(state.shards()).isEmpty();
    assertThat(state.shard("b")).isEqualTo(ShardCheckpoint.NONE);
  }

  @Test
  void checkpointsRefuseImpossibleCombinations() {
    assertThatThrownBy(() -> new ShardCheckpoint(Optional.of(S1), OptionalLong.empty(), true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ShardCheckpoint(Optional.empty(), OptionalLong.of(1), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShardCheckpoint.inside(S1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShardCheckpoint.after("12a")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void passingThroughARecordMovesTheShardPastItButNeverBack() {
    StreamState state = StreamState.fresh(Optional.empty(), Optional.empty());
    state.passedThrough("a", S1);
    assertThat(state.shard("a")).isEqualTo(ShardCheckpoint.after(S1));
    state.passedThrough("a", S1);
    state.passedThrough("a", "1000");
    assertThat(state.shard("a")).isEqualTo(ShardCheckpoint.after(S1));
    state.emitted("a", S2, 0, false);
    state.passedThrough("a", S2);
    assertThat(state.shard("a")).as("the rest of the aggregate was passed").isEqualTo(ShardCheckpoint.after(S2));
    state.finished("a");
    assertThatThrownBy(() -> state.passedThrough("a", S2)).isInstanceOf(IllegalStateException.class);
  }
}
