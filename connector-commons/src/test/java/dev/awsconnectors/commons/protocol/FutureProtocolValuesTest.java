package dev.awsconnectors.commons.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Messages of a future protocol version: every enum with a value this version does not know. */
class FutureProtocolValuesTest {

  private final List<String> reported = new ArrayList<>();
  private final UnknownValueListener listener = (field, value) -> reported.add(field + "=" + value);

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      {"type":"HEARTBEAT","heartbeat":{"at":1}}                                                  | /type=HEARTBEAT
      {"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":1,"meta":{"changes":[{"field":"f","change":"HASHED","reason":"PLATFORM_QUOTA","hash":"x"}]}}} | /record/meta/changes/*/change=HASHED,/record/meta/changes/*/reason=PLATFORM_QUOTA
      {"type":"STATE","state":{"type":"SHARDED","sharded":{"shards":[1]},"sourceStats":{"recordCount":1.0},"id":3}} | /state/type=SHARDED
      {"type":"TRACE","trace":{"type":"LINEAGE","emitted_at":1,"lineage":{"from":"a"}}}           | /trace/type=LINEAGE
      {"type":"TRACE","trace":{"type":"ERROR","emitted_at":1,"error":{"message":"m","failure_type":"quota_error"}}} | /trace/error/failure_type=quota_error
      {"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1,"stream_status":{"stream_descriptor":{"name":"s"},"status":"PAUSED","reasons":[{"type":"QUOTA_EXHAUSTED","quota":{}}]}}} | /trace/stream_status/status=PAUSED,/trace/stream_status/reasons/*/type=QUOTA_EXHAUSTED
      {"type":"TRACE","trace":{"type":"ESTIMATE","emitted_at":1,"estimate":{"name":"s","type":"PARTITION","row_estimate":1}}} | /trace/estimate/type=PARTITION
      {"type":"LOG","log":{"level":"NOTICE","message":"m"}}                                       | /log/level=NOTICE
      {"type":"CONTROL","control":{"type":"CONNECTOR_STATE","emitted_at":1,"state":{}}}          | /control/type=CONNECTOR_STATE
      {"type":"CONNECTION_STATUS","connectionStatus":{"status":"DEGRADED","message":"m"}}        | /connectionStatus/status=DEGRADED
      """)
  void keepsEveryUnknownValueVerbatimAndReportsItOnce(String line, String expected) throws Exception {
    AirbyteMessage message = ProtocolCodec.messageReader(listener).readValue(line);

    assertThat(ProtocolCodec.readTree(ProtocolCodec.serialize(message))).isEqualTo(ProtocolCodec.readTree(line));
    assertThat(reported).containsExactly(expected.split(","));
  }

  @Test
  void unknownValuesAreTypedAsUnknownSoSwitchesSeeThem() throws Exception {
    AirbyteMessage heartbeat = ProtocolCodec.parseMessage("{\"type\":\"HEARTBEAT\"}");
    AirbyteMessage state = ProtocolCodec.parseMessage("{\"type\":\"STATE\",\"state\":{\"type\":\"SHARDED\"}}");
    AirbyteMessage change = ProtocolCodec.parseMessage("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},"
        + "\"meta\":{\"changes\":[{\"field\":\"f\",\"change\":\"NULLED\",\"reason\":\"PLATFORM_QUOTA\"}]}}}");

    assertThat(heartbeat.type().known()).isEqualTo(AirbyteMessage.Type.Known.UNKNOWN);
    assertThat(heartbeat.type().isKnown()).isFalse();
    assertThat(heartbeat.type().wire()).isEqualTo("HEARTBEAT");
    assertThat(state.state().effectiveType()).isEqualTo(AirbyteStateType.Known.UNKNOWN);
    AirbyteRecordMessageMetaChange c = change.record().meta().changes().get(0);
    assertThat(c.change()).isSameAs(AirbyteRecordMessageMetaChange.Change.NULLED);
    assertThat(c.reason().name()).as("what file writers print").isEqualTo("PLATFORM_QUOTA");
  }

  @Test
  void knownValuesAreTheConstantsThemselves() throws Exception {
    AirbyteMessage message = ProtocolCodec.parseMessage("{\"type\":\"TRACE\",\"trace\":{\"type\":\"ERROR\","
        + "\"error\":{\"message\":\"m\",\"failure_type\":\"config_error\"}}}");

    assertThat(message.type()).isSameAs(AirbyteMessage.Type.TRACE);
    assertThat(message.trace().type()).isSameAs(AirbyteTraceMessage.Type.ERROR);
    assertThat(message.trace().error().failureType())
        .isSameAs(AirbyteErrorTraceMessage.FailureType.CONFIG_ERROR);
    assertThat(AirbyteErrorTraceMessage.FailureType.CONFIG_ERROR.name()).isEqualTo("CONFIG_ERROR");
    assertThat(AirbyteErrorTraceMessage.FailureType.CONFIG_ERROR.wire()).isEqualTo("config_error");
    assertThat(AirbyteStateType.of("GLOBAL")).isSameAs(AirbyteStateType.GLOBAL);
    assertThat(AirbyteStateType.of("x")).isEqualTo(AirbyteStateType.of("x")).isNotEqualTo(AirbyteStateType.of("y"))
        .hasSameHashCodeAs(AirbyteStateType.of("x"));
    assertThat(AirbyteStateType.of("x").toString()).isEqualTo("x");
    assertThat(AirbyteStateType.of("STREAM ")).as("exact spelling only").isNotSameAs(AirbyteStateType.STREAM);
  }

  @Test
  void unknownSyncModesReadAsTheProtocolDefaultsAndAreReported() throws Exception {
    JsonNode catalog = ProtocolCodec.readTree("{\"streams\":[{\"stream\":{\"name\":\"x\",\"json_schema\":{},"
        + "\"supported_sync_modes\":[\"full_refresh\",\"cdc\"]},\"sync_mode\":\"cdc\","
        + "\"destination_sync_mode\":\"merge\"}]}");

    ConfiguredAirbyteStream stream = ProtocolCodec.convert(catalog, ConfiguredAirbyteCatalog.class, listener)
        .streams().get(0);

    assertThat(stream.syncMode()).isEqualTo(SyncMode.FULL_REFRESH);
    assertThat(stream.destinationSyncMode()).isEqualTo(DestinationSyncMode.APPEND);
    assertThat(stream.stream().supportedSyncModes()).containsExactly(SyncMode.FULL_REFRESH, SyncMode.FULL_REFRESH);
    assertThat(reported).containsExactly("/streams/*/stream/supported_sync_modes/*=cdc",
        "/streams/*/sync_mode=cdc", "/streams/*/destination_sync_mode=merge");
  }

  @Test
  void aValueThatIsNotAStringIsStillMalformed() {
    assertThatThrownBy(() -> ProtocolCodec.parseMessage("{\"type\":{\"nested\":1}}"))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> ProtocolCodec.parseMessage("{\"type\":\"LOG\",\"log\":{\"level\":[1]}}"))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void writesKnownValuesInTheirWireSpelling() {
    AirbyteMessage status = AirbyteMessage.of(AirbyteTraceMessage.of(1, new AirbyteStreamStatusTraceMessage(
        new StreamDescriptor("s", null), AirbyteStreamStatusTraceMessage.AirbyteStreamStatus.COMPLETE)));

    assertThat(ProtocolCodec.serialize(status)).isEqualTo("{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\","
        + "\"emitted_at\":1,\"stream_status\":{\"stream_descriptor\":{\"name\":\"s\"},\"status\":\"COMPLETE\"}}}");
    assertThat(ProtocolCodec.serialize(SyncMode.INCREMENTAL)).isEqualTo("\"incremental\"");
    assertThat(ProtocolCodec.serialize(DestinationSyncMode.OVERWRITE_DEDUP)).isEqualTo("\"overwrite_dedup\"");
  }
}
