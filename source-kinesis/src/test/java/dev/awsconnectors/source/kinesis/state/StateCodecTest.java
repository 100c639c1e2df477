package dev.awsconnectors.source.kinesis.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.Messages;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateCodecTest {
  private static final String SEQ_A = "49590338271490256608559692538361571095921575989136588898";
  private static final String SEQ_B = "49590338271490256608559692538361571095921575989136589154";

  @Test
  void writesACompactDocumentedForm() {
    Map<String, ShardCheckpoint> shards = new LinkedHashMap<>();
    shards.put("shardId-000000000002", ShardCheckpoint.inside(SEQ_B, 4));
    shards.put("shardId-000000000000", ShardCheckpoint.FINISHED);
    shards.put("shardId-000000000001", ShardCheckpoint.after(SEQ_A));
    shards.put("shardId-000000000003", ShardCheckpoint.NONE);
    StreamState state = new StreamState(Optional.of(Instant.parse("2024-05-01T00:00:00Z")),
        Optional.of(Instant.parse("2024-04-01T08:00:00.123Z")), shards);

    assertThat(StateCodec.toJson(state).toString()).isEqualTo("{\"format_version\":1,"
        + "\"start_timestamp\":\"2024-05-01T00:00:00Z\",\"stream_created_at\":\"2024-04-01T08:00:00.123Z\","
        + "\"shards\":{\"shardId-000000000000\":{\"finished\":true},"
        + "\"shardId-000000000001\":{\"sequence_number\":\"" + SEQ_A + "\"},"
        + "\"shardId-000000000002\":{\"sequence_number\":\"" + SEQ_B + "\",\"sub_sequence_number\":4}}}");
  }

  @Test
  void roundTripsExactly() {
    Map<String, ShardCheckpoint> shards = new LinkedHashMap<>();
    shards.put("shardId-000000000000", ShardCheckpoint.FINISHED);
    shards.put("shardId-000000000001", ShardCheckpoint.after(SEQ_A));
    shards.put("shardId-000000000002", ShardCheckpoint.inside(SEQ_B, 0));
    for (StreamState state : new StreamState[] {
        new StreamState(Optional.empty(), Optional.empty(), shards),
        new StreamState(Optional.of(Instant.parse("2024-05-01T00:00:00.5Z")), Optional.empty(), Map.of()),
        StreamState.fresh(Optional.empty(), Optional.of(Instant.EPOCH))}) {
      JsonNode json = ProtocolCodec.readTreeUnchecked(StateCodec.toJson(state).toString());
      assertThat(StateCodec.fromJson(json)).contains(state);
    }
  }

  @Test
  void nullMissingAndEmptyMeanNoState() {
    assertThat(StateCodec.fromJson(null)).isEmpty();
    assertThat(StateCodec.fromJson(ProtocolCodec.mapper().nullNode())).isEmpty();
    assertThat(StateCodec.fromJson(Messages.object())).isEmpty();
  }

  @Test
  void readsDltsFlatMapOfShardToSequenceNumber() {
    StreamState state = StateCodec.fromJson(Messages.json("{\"shardId-000000000000\":\"" + SEQ_A
        + "\",\"shardId-000000000001\":\"" + SEQ_B + "\"}")).orElseThrow();
    assertThat(state.shards()).containsExactly(Map.entry("shardId-000000000000", ShardCheckpoint.after(SEQ_A)),
        Map.entry("shardId-000000000001", ShardCheckpoint.after(SEQ_B)));
    assertThat(state.startTimestamp()).isEmpty();
  }

  @Test
  void acceptsAPlainSequenceNumberOrANumberForAShard() {
    StreamState state = StateCodec.fromJson(Messages.json("{\"shards\":{\"a\":\"" + SEQ_A
        + "\",\"b\":{\"sequence_number\":12345}}}")).orElseThrow();
    assertThat(state.shard("a")).isEqualTo(ShardCheckpoint.after(SEQ_A));
    assertThat(state.shard("b")).isEqualTo(ShardCheckpoint.after("12345"));
  }

  @Test
  void aFinishedShardDropsItsPositionAndUnknownFieldsAreIgnored() {
    StreamState state = StateCodec.fromJson(Messages.json("{\"format_version\":1,\"shards\":{\"a\":{\"finished\":"
        + "true,\"sequence_number\":\"" + SEQ_A + "\"},\"b\":{\"finished\":false,\"sequence_number\":\"" + SEQ_A
        + "\",\"note\":\"x\"},\"c\":{}},\"extra\":1}")).orElseThrow();
    assertThat(state.shard("a")).isEqualTo(ShardCheckpoint.FINISHED);
    assertThat(state.shard("b")).isEqualTo(ShardCheckpoint.after(SEQ_A));
    assertThat(state.shard("c")).isEqualTo(ShardCheckpoint.NONE);
    assertThat(state.shards()).doesNotContainKey("c");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"text\"", "[1,2]", "42", "true",
      "{\"shards\":5}", "{\"shards\":[]}",
      "{\"format_version\":2,\"shards\":{}}", "{\"format_version\":\"1\",\"shards\":{}}",
      "{\"shards\":{\"a\":5.5}}", "{\"shards\":{\"a\":[\"1\"]}}",
      "{\"shards\":{\"a\":{\"sequence_number\":\"12ab\"}}}", "{\"shards\":{\"a\":{\"sequence_number\":\"-1\"}}}",
      "{\"shards\":{\"a\":{\"sequence_number\":\"0012\"}}}", "{\"shards\":{\"a\":{\"sequence_number\":1.5}}}",
      "{\"shards\":{\"a\":{\"sub_sequence_number\":1}}}",
      "{\"shards\":{\"a\":{\"sequence_number\":\"1\",\"sub_sequence_number\":-1}}}",
      "{\"shards\":{\"a\":{\"sequence_number\":\"1\",\"sub_sequence_number\":\"2\"}}}",
      "{\"shards\":{\"a\":{\"finished\":\"yes\"}}}",
      "{\"shards\":{\"\":\"1\"}}",
      "{\"start_timestamp\":\"yesterday\",\"shards\":{}}", "{\"stream_created_at\":5,\"shards\":{}}",
      "{\"shardId-000000000000\":5}", "{\"shardId-000000000000\":{\"seq\":\"1\"}}"})
  void rejectsWhatItCannotUnderstandWithAReason(String json) {
    JsonNode node = ProtocolCodec.readTreeUnchecked(json);
    assertThatThrownBy(() -> StateCodec.fromJson(node)).isInstanceOf(InvalidStateException.class)
        .hasMessageMatching(".{10,}");
  }
}
