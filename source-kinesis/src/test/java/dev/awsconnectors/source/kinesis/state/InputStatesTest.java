package dev.awsconnectors.source.kinesis.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateType;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputStatesTest {
  private static List<AirbyteStateMessage> parse(String arrayJson) throws Exception {
    List<AirbyteStateMessage> out = new ArrayList<>();
    for (JsonNode s : ProtocolCodec.readTree(arrayJson)) {
      out.add(ProtocolCodec.convert(s, AirbyteStateMessage.class));
    }
    return out;
  }

  @Test
  void streamStatesAreMatchedByNameWithOrWithoutNamespace() throws Exception {
    Map<String, JsonNode> states = InputStates.byStream(parse("[{\"type\":\"STREAM\",\"stream\":{"
        + "\"stream_descriptor\":{\"name\":\"a\"},\"stream_state\":{\"x\":1}}},{\"type\":\"STREAM\",\"stream\":{"
        + "\"stream_descriptor\":{\"name\":\"b\",\"namespace\":\"ns\"},\"stream_state\":{\"y\":2}},"
        + "\"sourceStats\":{\"recordCount\":3.0},\"id\":7}]"));
    assertThat(states).containsOnlyKeys("a", "b");
    assertThat(states.get("a")).isEqualTo(Messages.json("{\"x\":1}"));
  }

  @Test
  void aLaterStateOfTheSameStreamWinsAndANullOneResetsIt() throws Exception {
    Map<String, JsonNode> states = InputStates.byStream(parse("["
        + "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"a\"},\"stream_state\":{\"v\":1}}},"
        + "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"a\"},\"stream_state\":{\"v\":2}}},"
        + "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"b\"},\"stream_state\":{\"v\":3}}},"
        + "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"b\"},\"stream_state\":null}}]"));
    assertThat(states).containsOnlyKeys("a");
    assertThat(states.get("a").get("v").asInt()).isEqualTo(2);
  }

  @Test
  void aGlobalStateContributesItsStreamStates() throws Exception {
    Map<String, JsonNode> states = InputStates.byStream(parse("[{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":"
        + "{\"ignored\":true},\"stream_states\":[{\"stream_descriptor\":{\"name\":\"a\"},\"stream_state\":{\"v\":1}}]}}]"));
    assertThat(states).containsOnlyKeys("a");
  }

  @Test
  void aLegacyObjectMapsStreamNamesToStates() {
    AirbyteStateMessage legacy = new AirbyteStateMessage(AirbyteStateType.LEGACY, null, null,
        Messages.json("{\"a\":{\"v\":1},\"b\":null}"), null, null, Map.of());
    assertThat(InputStates.byStream(List.of(legacy))).containsOnlyKeys("a");
    AirbyteStateMessage untyped = new AirbyteStateMessage(null, null, null, Messages.json("{\"c\":{\"v\":1}}"), null,
        null, Map.of());
    assertThat(InputStates.byStream(List.of(untyped))).containsOnlyKeys("c");
  }

  @Test
  void aLegacyStateWithNullDataResetsEverything() throws Exception {
    List<AirbyteStateMessage> states = new ArrayList<>(parse("[{\"type\":\"STREAM\",\"stream\":{"
        + "\"stream_descriptor\":{\"name\":\"a\"},\"stream_state\":{\"v\":1}}}]"));
    states.add(new AirbyteStateMessage(AirbyteStateType.LEGACY, null, null, null, null, null, Map.of()));
    assertThat(InputStates.byStream(states)).isEmpty();
  }

  @Test
  void noStateMeansNoStreamState() {
    assertThat(InputStates.byStream(List.of())).isEmpty();
  }

  @Test
  void malformedStatesAreRejectedWithTheirPosition() throws Exception {
    assertThatThrownBy(() -> InputStates.byStream(parse("[{\"type\":\"STREAM\",\"stream\":{\"stream_state\":{}}}]")))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("#0");
    assertThatThrownBy(() -> InputStates.byStream(parse("[{\"type\":\"STREAM\"}]")))
        .isInstanceOf(InvalidStateException.class);
    AirbyteStateMessage legacyArray = new AirbyteStateMessage(AirbyteStateType.LEGACY, null, null,
        ProtocolCodec.readTreeUnchecked("[1]"), null, null, Map.of());
    assertThatThrownBy(() -> InputStates.byStream(List.of(legacyArray))).isInstanceOf(InvalidStateException.class);
  }
}
