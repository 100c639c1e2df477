package dev.awsconnectors.commons.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"RECORD\",\"record\":{\"namespace\":\"public\",\"stream\":\"users\",\"data\":{\"id\":1,\"n\":1.50,"
          + "\"big\":123456789012345678901234567890,\"s\":\"é\\u2028\\n\"},\"emitted_at\":1718000000000,"
          + "\"meta\":{\"changes\":[{\"field\":\"name\",\"change\":\"TRUNCATED\",\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}]},"
          + "\"unknown\":{\"a\":[1,null]}}}",
      "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"orders\"},"
          + "\"stream_state\":{\"c\":7}},\"sourceStats\":{\"recordCount\":3.0},\"id\":17}}",
      "{\"type\":\"STATE\",\"state\":{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":null}}}",
      "{\"type\":\"STATE\",\"state\":{\"data\":{\"legacy\":true}}}",
      "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"starting write\"}}",
      "{\"type\":\"TRACE\",\"trace\":{\"type\":\"ERROR\",\"emitted_at\":1718000000000,\"error\":{\"message\":\"m\","
          + "\"internal_message\":\"i\",\"stack_trace\":\"s\",\"failure_type\":\"config_error\"}}}",
      "{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1718000000000,\"stream_status\":{"
          + "\"stream_descriptor\":{\"name\":\"orders\"},\"status\":\"COMPLETE\",\"reasons\":[{\"type\":\"RATE_LIMITED\","
          + "\"rate_limited\":{\"quota_reset\":1}}]}}}",
      "{\"type\":\"TRACE\",\"trace\":{\"type\":\"ESTIMATE\",\"emitted_at\":1718000000000,\"estimate\":{\"name\":\"o\","
          + "\"type\":\"STREAM\",\"row_estimate\":100}}}",
      "{\"type\":\"TRACE\",\"trace\":{\"type\":\"ANALYTICS\",\"emitted_at\":1718000000000,\"analytics\":{\"type\":\"t\","
          + "\"value\":\"4\"}}}",
      "{\"type\":\"CONTROL\",\"control\":{\"type\":\"CONNECTOR_CONFIG\",\"emitted_at\":1718000000000,"
          + "\"connectorConfig\":{\"config\":{\"region\":\"us-east-1\"}}}}",
      "{\"type\":\"CONNECTION_STATUS\",\"connectionStatus\":{\"status\":\"FAILED\",\"message\":\"no\"}}",
      "{\"type\":\"CATALOG\",\"catalog\":{\"streams\":[{\"name\":\"orders\",\"json_schema\":{\"type\":\"object\"},"
          + "\"supported_sync_modes\":[\"full_refresh\",\"incremental\"],\"source_defined_cursor\":true,"
          + "\"default_cursor_field\":[\"id\"],\"source_defined_primary_key\":[[\"id\"]],\"is_resumable\":true}]}}",
      "{\"type\":\"SPEC\",\"spec\":{\"documentationUrl\":\"https://x\",\"connectionSpecification\":{\"type\":\"object\"},"
          + "\"supportsIncremental\":true,\"supportsDBT\":false,\"supported_destination_sync_modes\":[\"append\","
          + "\"overwrite\"],\"protocol_version\":\"0.2.0\"}}",
      "{\"type\":\"DESTINATION_CATALOG\",\"destination_catalog\":{\"operations\":[{\"object_name\":\"o\","
          + "\"sync_mode\":\"update\",\"json_schema\":{},\"matching_keys\":[[\"id\"]]}]}}"
  })
  void roundTripsEveryMessageTypeWithoutLosingAField(String line) throws Exception {
    AirbyteMessage message = ProtocolCodec.parseMessage(line);
    String written = ProtocolCodec.serialize(message);

    assertThat(ProtocolCodec.readTree(written)).isEqualTo(ProtocolCodec.readTree(line));
    assertThat(written).doesNotContain("\n");
  }

  @Test
  void keepsNumberSpellingsAndBigValues() throws Exception {
    String line = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":3.0,\"b\":0.1,"
        + "\"c\":123456789012345678901234567890,\"d\":1.00000000000000000001},\"emitted_at\":1}}";

    String written = ProtocolCodec.serialize(ProtocolCodec.parseMessage(line));

    assertThat(written).contains("\"a\":3.0", "\"b\":0.1", "\"c\":123456789012345678901234567890",
        "\"d\":1.00000000000000000001");
  }

  @Test
  void acceptsOverwriteDedupFromOlderPlatforms() throws Exception {
    JsonNode catalog = ProtocolCodec.readTree("{\"streams\":[{\"stream\":{\"name\":\"x\",\"json_schema\":{},"
        + "\"supported_sync_modes\":[\"full_refresh\"]},\"sync_mode\":\"full_refresh\","
        + "\"destination_sync_mode\":\"overwrite_dedup\",\"generation_id\":12,\"minimum_generation_id\":12,"
        + "\"sync_id\":42}]}");

    ConfiguredAirbyteStream stream = ProtocolCodec.convert(catalog, ConfiguredAirbyteCatalog.class).streams().get(0);

    assertThat(stream.destinationSyncMode()).isEqualTo(DestinationSyncMode.OVERWRITE_DEDUP);
    assertThat(stream.generationId()).isEqualTo(12L);
    assertThat(stream.syncId()).isEqualTo(42L);
  }

  @Test
  void writesStatsWithADecimalPointAndOmitsNullMembers() {
    AirbyteStateMessage state = AirbyteStateMessage.forStream(new StreamDescriptor("s", null),
        ProtocolCodec.mapper().createObjectNode(), 5);

    String written = ProtocolCodec.serialize(AirbyteMessage.of(state));

    assertThat(written).isEqualTo("{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{"
        + "\"stream_descriptor\":{\"name\":\"s\"},\"stream_state\":{}},\"sourceStats\":{\"recordCount\":5.0}}}");
  }

  @Test
  void findsConfiguredStreamsByExactNamespace() throws Exception {
    JsonNode catalog = ProtocolCodec.readTree("{\"streams\":[{\"stream\":{\"name\":\"x\",\"namespace\":\"\","
        + "\"json_schema\":{},\"supported_sync_modes\":[\"full_refresh\"]},\"sync_mode\":\"full_refresh\","
        + "\"destination_sync_mode\":\"append\"}]}");
    ConfiguredAirbyteCatalog parsed = ProtocolCodec.convert(catalog, ConfiguredAirbyteCatalog.class);

    assertThat(parsed.find(new StreamDescriptor("x", ""))).isPresent();
    assertThat(parsed.find(new StreamDescriptor("x", null))).isEmpty();
    assertThat(List.of(parsed.streams().get(0).descriptor().toString())).containsExactly(".x");
  }
}
