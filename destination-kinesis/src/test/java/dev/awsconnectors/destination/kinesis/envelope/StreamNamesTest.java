package dev.awsconnectors.destination.kinesis.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamNamesTest {
  @Test
  void joinsNamespaceAndStreamLikeAirbyte() {
    assertThat(StreamNames.derive("", "public", "users")).isEqualTo("public_users");
  }

  @Test
  void aNullNamespaceGivesALeadingUnderscore() {
    assertThat(StreamNames.derive("", null, "users")).isEqualTo("_users");
  }

  @Test
  void replacesSpecialCharactersAsAirbytesNameTransformerTestExpects() {
    assertThat(StreamNames.derive("", "**namespace^h", "##stream")).isEqualTo("__namespace_h___stream");
  }

  @Test
  void dropsAccentsAndReplacesOtherCharacters() {
    assertThat(StreamNames.derive("", null, "stream-with:spécial:character_names"))
        .isEqualTo("_stream_with_special_character_names");
    assertThat(StreamNames.derive("", "_spøcial", "a b\tc.d")).isEqualTo("_sp_cial_a_b_c_d");
    assertThat(StreamNames.derive("", null, "日本")).isEqualTo("___");
  }

  @Test
  void cutsTo128Characters() {
    String name = StreamNames.derive("", "n".repeat(100), "s".repeat(100));
    assertThat(name).hasSize(128).startsWith("n".repeat(100) + "_").endsWith("s".repeat(27));
  }

  @Test
  void putsThePrefixInFront() {
    assertThat(StreamNames.derive("raw.", "ns", "users")).isEqualTo("raw.ns_users");
    assertThat(StreamNames.derive("p-", null, "x".repeat(200))).hasSize(128).startsWith("p-_x");
  }

  @Test
  void reportsTwoStreamsThatWouldShareAName() {
    List<StreamDescriptor> streams = List.of(new StreamDescriptor("a-b", "ns"), new StreamDescriptor("a_b", "ns"));
    assertThatThrownBy(() -> StreamNames.resolve(streams, Optional.empty(), ""))
        .isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("'ns.a-b' and 'ns.a_b'")
        .hasMessageContaining("'ns_a_b'")
        .hasMessageContaining("target_stream");
  }

  @Test
  void reportsCollisionsCausedByTruncation() {
    String longName = "x".repeat(130);
    List<StreamDescriptor> streams = List.of(new StreamDescriptor(longName + "1", null),
        new StreamDescriptor(longName + "2", null));
    assertThatThrownBy(() -> StreamNames.resolve(streams, Optional.empty(), ""))
        .isInstanceOf(ConfigErrorException.class);
  }

  @Test
  void aTargetStreamTakesEveryStreamOnPurpose() {
    List<StreamDescriptor> streams = List.of(new StreamDescriptor("a-b", "ns"), new StreamDescriptor("a_b", "ns"));
    Map<StreamDescriptor, String> names = StreamNames.resolve(streams, Optional.of("events"), "");
    assertThat(names.values()).containsOnly("events");
    assertThat(StreamNames.distinct(names)).containsExactly("events");
  }

  @Test
  void keepsTheSameNameInTwoNamespacesApart() {
    Map<StreamDescriptor, String> names = StreamNames.resolve(List.of(new StreamDescriptor("users", "a"),
        new StreamDescriptor("users", "b"), new StreamDescriptor("users", null)), Optional.empty(), "");
    assertThat(StreamNames.distinct(names)).containsExactly("a_users", "b_users", "_users");
  }
}
