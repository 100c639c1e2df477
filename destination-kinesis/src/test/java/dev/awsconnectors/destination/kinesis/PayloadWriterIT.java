package dev.awsconnectors.destination.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through the jar, what needs the writer's cooperation: records without a valid payload skipped and counted as
 * rejected with {@code on_invalid_payload: SKIP}, and the record's {@code meta.changes} in {@code envelope_v2}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PayloadWriterIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  private static ObjectNode config(String target, String payload) {
    return Messages.json("{\"endpoint\":\"" + KINESIS.endpoint() + "\",\"region\":\"" + KINESIS.region()
        + "\",\"accessKey\":\"" + KINESIS.accessKey() + "\",\"privateKey\":\"" + KINESIS.secretKey()
        + "\",\"shardCount\":1,\"target_stream\":\"" + target + "\",\"payload\":" + payload
        + ",\"on_invalid_payload\":\"SKIP\"}");
  }

  private static ObjectNode catalog() {
    ObjectNode stream = Messages.configuredStream(null, "people", Messages.json("{\"type\":\"object\"}"),
        "incremental", "append");
    stream.put("generation_id", 2).put("minimum_generation_id", 0).put("sync_id", 7);
    return Messages.catalog(stream);
  }

  @Test
  void skipsRecordsWithoutValidPayloadAndCountsThemAsRejected() {
    String target = KinesisMockExtension.newStreamName("skip");
    ConnectorResult r = ConnectorProcess.ofModule("destination-kinesis").write(
        config(target, "{\"mode\":\"template\",\"template\":\"{\\\"name\\\": \\\"{{ row.name }}\\\"}\"}"), catalog(),
        List.of(Messages.record(null, "people", Messages.json("{\"name\":\"plain\"}"), 1L),
            Messages.record(null, "people", Messages.json("{\"name\":\"has \\\"quotes\\\"\"}"), 2L),
            Messages.record(null, "people", Messages.json("{\"name\":\"also plain\"}"), 3L),
            Messages.streamState(null, "people", Messages.json("{\"cursor\":3}"), 1)));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.states()).hasSize(1);
    JsonNode stats = r.states().get(0).get("destinationStats");
    assertThat(stats.get("recordCount").asDouble()).isEqualTo(2.0);
    assertThat(stats.get("rejectedRecordCount").asDouble()).isEqualTo(1.0);
    assertThat(r.logMessages()).anyMatch(m -> m.contains("Skipped a record without a valid payload")
        && m.contains("'people'") && m.contains("not JSON"));
    assertThat(KINESIS.readAll(target)).extracting(rec -> rec.data().asString(StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("{\"name\":\"plain\"}", "{\"name\":\"also plain\"}");
  }

  @Test
  void envelopeV2PassesTheRecordsChangesThroughVerbatim() {
    String target = KinesisMockExtension.newStreamName("v2meta");
    String line = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"people\",\"emitted_at\":5,\"data\":{\"bio\":null},"
        + "\"meta\":{\"changes\":[{\"field\":\"bio\",\"change\":\"NULLED\",\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\","
        + "\"detail\":{\"bytes\":9000000}}]}}}";
    ConnectorResult r = ConnectorProcess.ofModule("destination-kinesis").write(config(target,
        "{\"mode\":\"envelope_v2\"}"), catalog(), List.of(line));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode v2 = ProtocolCodec.readTreeUnchecked(KINESIS.readAll(target).get(0).data()
        .asString(StandardCharsets.UTF_8));
    assertThat(v2.get("_airbyte_meta")).isEqualTo(ProtocolCodec.readTreeUnchecked("{\"sync_id\":7,\"changes\":["
        + "{\"field\":\"bio\",\"change\":\"NULLED\",\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\","
        + "\"detail\":{\"bytes\":9000000}}]}"));
    assertThat(v2.get("_airbyte_generation_id").asInt()).isEqualTo(2);
  }
}
