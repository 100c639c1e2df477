package dev.awsconnectors.destination.s3.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.DestinationSyncMode;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.generation.Truncation.Decision;
import dev.awsconnectors.destination.s3.generation.Truncation.Kind;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TruncationTest {
  private static final String TAG = StreamTag.of(new StreamDescriptor("users", "public"));

  private static Truncation of(String mode, Long generation, Long minimum) {
    ObjectNode json = TestConfigs.json("{\"stream\":{\"name\":\"users\",\"json_schema\":{}},"
        + "\"sync_mode\":\"full_refresh\",\"destination_sync_mode\":\"" + mode + "\"}");
    if (generation != null) {
      json.put("generation_id", generation);
    }
    if (minimum != null) {
      json.put("minimum_generation_id", minimum);
    }
    return Truncation.of(TestConfigs.convert(json, ConfiguredAirbyteStream.class));
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "append, null, null, NONE, 0",
      "append, 5, 0, NONE, 0",
      "append_dedup, 5, 0, NONE, 0",
      "append, 5, 5, GENERATIONS_BELOW, 5",
      "append, 7, 3, GENERATIONS_BELOW, 3",
      "overwrite, null, null, ALL_PREVIOUS, 0",
      "overwrite, 12, 0, ALL_PREVIOUS, 0",
      "overwrite, 12, 12, GENERATIONS_BELOW, 12",
      "overwrite_dedup, 2, 2, GENERATIONS_BELOW, 2"})
  void derivesWhatToDeleteFromModeAndGenerations(String mode, Long generation, Long minimum, Kind kind,
      long threshold) {
    assertThat(of(mode, generation, minimum)).isEqualTo(new Truncation(kind, threshold));
  }

  @Test
  void refusesModesThatFilesCannotHonour() {
    assertThatThrownBy(() -> of("update", null, null)).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("users").hasMessageContaining("update");
    assertThatThrownBy(() -> of("soft_delete", null, null)).isInstanceOf(ConfigErrorException.class);
  }

  @Test
  void deletesOnlyAfterCompleteOrAtTheEndOfALegacyOverwriteWithoutStatuses() {
    Truncation refresh = new Truncation(Kind.GENERATIONS_BELOW, 5);
    assertThat(refresh.mayDelete(DestinationSyncMode.APPEND, true, true)).isTrue();
    assertThat(refresh.mayDelete(DestinationSyncMode.APPEND, false, true)).isFalse();
    assertThat(refresh.mayDelete(DestinationSyncMode.APPEND, false, false)).isFalse();
    Truncation legacy = new Truncation(Kind.ALL_PREVIOUS, 0);
    assertThat(legacy.mayDelete(DestinationSyncMode.OVERWRITE, false, false)).isTrue();
    assertThat(legacy.mayDelete(DestinationSyncMode.OVERWRITE, false, true)).isFalse();
    assertThat(legacy.mayDelete(DestinationSyncMode.OVERWRITE, true, true)).isTrue();
    assertThat(Truncation.NONE.mayDelete(DestinationSyncMode.APPEND, true, true)).isFalse();
  }

  @Test
  void decidesPerObjectFromTheStreamTagAndTheGeneration() {
    Truncation refresh = new Truncation(Kind.GENERATIONS_BELOW, 5);
    assertThat(refresh.decide(Map.of("ab-stream", TAG, "ab-generation-id", "4"), TAG)).isEqualTo(Decision.DELETE);
    assertThat(refresh.decide(Map.of("ab-stream", TAG, "ab-generation-id", "5"), TAG))
        .isEqualTo(Decision.KEEP_CURRENT);
    assertThat(refresh.decide(Map.of("ab-generation-id", "1"), TAG)).isEqualTo(Decision.KEEP_NOT_THIS_STREAM);
    assertThat(refresh.decide(Map.of("ab-stream", "other", "ab-generation-id", "1"), TAG))
        .isEqualTo(Decision.KEEP_NOT_THIS_STREAM);
    assertThat(refresh.decide(Map.of("ab-stream", TAG, "ab-generation-id", "x"), TAG))
        .isEqualTo(Decision.KEEP_NOT_THIS_STREAM);
    assertThat(refresh.decide(Map.of("ab-stream", TAG), TAG)).isEqualTo(Decision.KEEP_NOT_THIS_STREAM);
    Truncation legacy = new Truncation(Kind.ALL_PREVIOUS, 0);
    assertThat(legacy.decide(Map.of("ab-stream", TAG, "ab-generation-id", "99"), TAG)).isEqualTo(Decision.DELETE);
    assertThat(Truncation.NONE.decide(Map.of("ab-stream", TAG, "ab-generation-id", "0"), TAG))
        .isEqualTo(Decision.KEEP_CURRENT);
  }

  @Test
  void tagsDistinguishNullAndEmptyNamespaces() {
    assertThat(StreamTag.of(new StreamDescriptor("s", null))).isNotEqualTo(StreamTag.of(new StreamDescriptor("s", "")))
        .hasSize(32).matches("[0-9a-f]+");
    assertThat(StreamTag.of(new StreamDescriptor("a", "b"))).isEqualTo(StreamTag.of(new StreamDescriptor("a", "b")));
  }
}
