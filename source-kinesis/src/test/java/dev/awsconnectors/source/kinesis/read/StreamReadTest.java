package dev.awsconnectors.source.kinesis.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig.CheckpointInterval;
import dev.awsconnectors.source.kinesis.record.MappedRecord;
import dev.awsconnectors.source.kinesis.shard.RecordsPage;
import dev.awsconnectors.source.kinesis.shard.ShardDescription;
import dev.awsconnectors.source.kinesis.shard.ShardLineage;
import dev.awsconnectors.source.kinesis.shard.ShardReader;
import dev.awsconnectors.source.kinesis.shard.ShardStopRule.Outcome;
import dev.awsconnectors.source.kinesis.state.ShardCheckpoint;
import dev.awsconnectors.source.kinesis.state.StreamState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What one stream's progress makes of the events of its shards, without threads. */
@Timeout(10)
class StreamReadTest {
  private static final String S1 = "49590338271490256608559692538361571095921575989136588898";
  private static final String S2 = "49590338271490256608559692538361571095921575989136589154";
  private static final String S3 = "49590338271490256608559692538361571095921575989136589410";

  private final StreamRead stream = new StreamRead("s", StreamState.fresh(Optional.empty(), Optional.empty()),
      new ShardLineage(List.of(ShardDescription.root("p"), new ShardDescription("c", Optional.of("p"),
          Optional.empty(), false)), Set.of()), new CheckpointInterval(2, Duration.ofSeconds(30)), false, 0);

  private static MappedRecord record(String sequence, long sub, boolean last) {
    return new MappedRecord(sequence, sub, last, "{}".getBytes(StandardCharsets.UTF_8), false, 1);
  }

  private static ShardReader.Page page(Outcome outcome, Optional<String> last, ShardReader.Misplaced misplaced,
      RecordsPage.ChildShard... children) {
    return new ShardReader.Page(List.of(), outcome, List.of(children), 1, 100, 0, last, misplaced, 0);
  }

  private static double recordCount(AirbyteStateMessage state) {
    return ProtocolCodec.mapper().valueToTree(state).at("/sourceStats/recordCount").asDouble();
  }

  @Test
  void eachRecordMovesTheStateAndEveryNthCallsForAState() {
    assertThat(stream.takeEligible()).containsExactly("p");
    assertThat(stream.emitted("p", record(S1, 0, false))).isFalse();
    assertThat(stream.state.shard("p")).isEqualTo(ShardCheckpoint.inside(S1, 0));
    assertThat(stream.emitted("p", record(S1, 1, true))).isTrue();
    assertThat(stream.state.shard("p")).isEqualTo(ShardCheckpoint.after(S1));
    AirbyteStateMessage state = stream.checkpoint(1);
    assertThat(recordCount(state)).isEqualTo(2);
    assertThat(recordCount(stream.checkpoint(2))).as("nothing since").isZero();
    assertThat(stream.records()).isEqualTo(2);
  }

  @Test
  void aDonePageMovesTheShardPastItsLastKinesisRecordEvenIfItWasDropped() {
    stream.takeEligible();
    stream.emitted("p", record(S1, 0, true));
    stream.pageDone("p", page(Outcome.CONTINUE, Optional.of(S2), new ShardReader.Misplaced(1, 7)));
    assertThat(stream.state.shard("p")).isEqualTo(ShardCheckpoint.after(S2));
    assertThat(stream.misplacedRecords()).isEqualTo(7);
    assertThat(stream.checkpointDueAt()).as("the state changed").hasValue(30_000);
    stream.pageDone("p", page(Outcome.CONTINUE, Optional.of(S1), ShardReader.Misplaced.NONE));
    assertThat(stream.state.shard("p")).as("never backwards").isEqualTo(ShardCheckpoint.after(S2));
    stream.pageDone("p", page(Outcome.CONTINUE, Optional.empty(), ShardReader.Misplaced.NONE));
    assertThat(stream.state.shard("p")).isEqualTo(ShardCheckpoint.after(S2));
  }

  @Test
  void aShardsEndFinishesItAndReleasesItsChildrenIncludingOnesNotListed() {
    stream.takeEligible();
    stream.emitted("p", record(S3, 0, true));
    stream.pageDone("p", page(Outcome.SHARD_END, Optional.of(S3), ShardReader.Misplaced.NONE));
    stream.shardEnded("p", List.of(new RecordsPage.ChildShard("c", List.of("p")),
        new RecordsPage.ChildShard("new", List.of("p"))));
    assertThat(stream.state.shard("p")).isEqualTo(ShardCheckpoint.FINISHED);
    assertThat(stream.takeEligible()).containsExactly("c", "new");
    assertThat(stream.checkpointDue(30_000)).isTrue();
  }

  @Test
  void aStoppedShardKeepsItsPositionAndItsChildrenWaiting() {
    stream.takeEligible();
    stream.emitted("p", record(S1, 0, true));
    stream.shardStopped("p", page(Outcome.CAUGHT_UP, Optional.of(S1), ShardReader.Misplaced.NONE));
    assertThat(stream.state.shard("p")).isEqualTo(ShardCheckpoint.after(S1));
    assertThat(stream.takeEligible()).isEmpty();
    assertThat(stream.lineage.status("p")).isEqualTo(ShardLineage.Status.STOPPED);
  }

  @Test
  void aVanishedShardLeavesTheStateAndNoLongerHoldsBackItsChildren() {
    stream.takeEligible();
    stream.emitted("p", record(S1, 0, true));
    stream.checkpoint(10);
    stream.shardGone("p");
    assertThat(stream.state.shards()).doesNotContainKey("p");
    assertThat(stream.takeEligible()).containsExactly("c");
    assertThat(stream.checkpointDueAt()).hasValue(30_010);
  }
}
