package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Both destinations, as built jars, fed by a platform and a source of a future protocol version: every enum of the
 * protocol carries a value this version does not know, in messages and in the catalog, each sent twice. The sync
 * succeeds, every state is echoed verbatim (unknown types, fields and number spellings intact) with its count, every
 * record is stored (destination-s3's files list the records' {@code meta.changes} unchanged), and each unknown value
 * is warned about once.
 */
class FutureProtocolIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final String STREAM = "future_stream";
  private static final String CHANGES = "[{\"field\":\"email\",\"change\":\"HASHED\","
      + "\"reason\":\"PLATFORM_QUOTA_LIMITATION\"},{\"field\":\"name\",\"change\":\"TRUNCATED\","
      + "\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}]";
  /** Every unknown value of the input, as the runner names it in its one warning. */
  private static final List<String> UNKNOWN = List.of(
      "/streams/*/stream/supported_sync_modes/* is 'cdc'", "/streams/*/sync_mode is 'cdc'",
      "/streams/*/destination_sync_mode is 'merge'", "/type is 'HEARTBEAT'",
      "/record/meta/changes/*/change is 'HASHED'", "/record/meta/changes/*/reason is 'PLATFORM_QUOTA_LIMITATION'",
      "/state/type is 'SHARDED'", "/trace/type is 'LINEAGE'", "/trace/error/failure_type is 'quota_error'",
      "/trace/stream_status/status is 'PAUSED'", "/trace/stream_status/reasons/*/type is 'QUOTA_EXHAUSTED'",
      "/trace/estimate/type is 'PARTITION'", "/log/level is 'NOTICE'", "/control/type is 'CONNECTOR_STATE'",
      "/connectionStatus/status is 'DEGRADED'");

  /** The input of one sync, the states it holds and the record counts the destination must add to them. */
  private static final class FutureSync {
    final List<String> lines = new ArrayList<>();
    final List<JsonNode> states = new ArrayList<>();
    final List<Double> counts = new ArrayList<>();
    int records;
    private int sinceStreamState;
    private int sinceGlobalState;

    FutureSync() {
      for (int round = 0; round < 2; round++) {
        record();
        record();
        state("{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"" + STREAM + "\",\"shard\":7},"
            + "\"stream_state\":{\"cursor\":1.50}},\"sourceStats\":{\"recordCount\":2.0,\"bytes\":12},\"id\":"
            + (10 * round + 1) + ",\"partition\":{\"of\":\"future\"}}", true);
        everyFutureMessage();
        record();
        state("{\"type\":\"SHARDED\",\"sharded\":{\"shards\":[{\"id\":\"a\",\"cursor\":3}]},\"id\":"
            + (10 * round + 2) + "}", false);
        record();
        state("{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"lsn\":9},\"stream_states\":[],"
            + "\"future\":true},\"id\":" + (10 * round + 3) + "}", false);
      }
      lines.add(Messages.streamStatus(null, STREAM, "COMPLETE"));
    }

    private void record() {
      records++;
      sinceStreamState++;
      sinceGlobalState++;
      lines.add("{\"type\":\"RECORD\",\"record\":{\"stream\":\"" + STREAM + "\",\"emitted_at\":1700000000000,"
          + "\"data\":{\"id\":" + records + ",\"email\":null,\"name\":\"Zoë\"},\"meta\":{\"changes\":" + CHANGES
          + "},\"lineage\":{\"hop\":1}}}");
    }

    /** A STREAM state counts the stream's records since its last one; other types (an unknown one too) all records. */
    private void state(String state, boolean streamScope) {
      lines.add("{\"type\":\"STATE\",\"state\":" + state + "}");
      states.add(ProtocolCodec.readTreeUnchecked(state));
      counts.add((double) (streamScope ? sinceStreamState : sinceGlobalState));
      if (streamScope) {
        sinceStreamState = 0;
      } else {
        sinceGlobalState = 0;
      }
    }

    private void everyFutureMessage() {
      lines.add("{\"type\":\"HEARTBEAT\",\"heartbeat\":{\"at\":1700000000000}}");
      lines.add("{\"type\":\"TRACE\",\"trace\":{\"type\":\"LINEAGE\",\"emitted_at\":1,\"lineage\":{\"from\":\"x\"}}}");
      lines.add("{\"type\":\"TRACE\",\"trace\":{\"type\":\"ERROR\",\"emitted_at\":1,\"error\":{\"message\":\"slow\","
          + "\"failure_type\":\"quota_error\"}}}");
      lines.add("{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1,\"stream_status\":{"
          + "\"stream_descriptor\":{\"name\":\"" + STREAM + "\"},\"status\":\"PAUSED\",\"reasons\":[{\"type\":"
          + "\"QUOTA_EXHAUSTED\",\"quota_exhausted\":{}}]}}}");
      lines.add("{\"type\":\"TRACE\",\"trace\":{\"type\":\"ESTIMATE\",\"emitted_at\":1,\"estimate\":{\"name\":\""
          + STREAM + "\",\"type\":\"PARTITION\",\"row_estimate\":10}}}");
      lines.add("{\"type\":\"LOG\",\"log\":{\"level\":\"NOTICE\",\"message\":\"from a future source\"}}");
      lines.add("{\"type\":\"CONTROL\",\"control\":{\"type\":\"CONNECTOR_STATE\",\"emitted_at\":1}}");
      lines.add("{\"type\":\"CONNECTION_STATUS\",\"connectionStatus\":{\"status\":\"DEGRADED\"}}");
    }
  }

  private static ObjectNode catalog() {
    ObjectNode stream = Messages.configuredStream(null, STREAM, Messages.json("{\"type\":\"object\",\"properties\":{"
        + "\"id\":{\"type\":\"integer\"},\"email\":{\"type\":[\"null\",\"string\"]},\"name\":{\"type\":\"string\"}}}"),
        "cdc", "merge");
    ((ObjectNode) stream.get("stream")).put("is_sharded", true).putArray("supported_sync_modes").add("full_refresh")
        .add("cdc");
    stream.put("merge_strategy", "last_write_wins");
    return Messages.catalog(stream);
  }

  @Test
  void destinationKinesisWritesAFutureProtocolSync() {
    String target = KINESIS.createStream(KinesisMockExtension.newStreamName("future"), 1);
    ObjectNode config = Messages.json("{\"endpoint\":\"" + KINESIS.endpoint() + "\",\"region\":\"" + KINESIS.region()
        + "\",\"accessKey\":\"" + KINESIS.accessKey() + "\",\"privateKey\":\"" + KINESIS.secretKey() + "\","
        + "\"target_stream\":\"" + target + "\",\"create_streams\":false,\"payload\":{\"mode\":\"envelope_v2\"}}");
    FutureSync sync = new FutureSync();

    ConnectorResult result = ConnectorProcess.ofModule("destination-kinesis").write(config, catalog(), sync.lines);

    assertSucceededEchoingVerbatimAndWarningOnce(result, sync);
    List<Record> stored = KINESIS.readAll(target);
    assertThat(stored).hasSize(sync.records);
    for (Record r : stored) {
      assertThat(ProtocolCodec.readTreeUnchecked(r.data().asUtf8String()).at("/_airbyte_data/name").asText())
          .isEqualTo("Zoë");
    }
  }

  @Test
  void destinationS3WritesAFutureProtocolSync() {
    String bucket = S3.newBucket();
    ObjectNode config = Messages.json("{\"s3_bucket_name\":\"" + bucket + "\",\"s3_bucket_path\":\"future\","
        + "\"s3_bucket_region\":\"" + S3.region() + "\",\"s3_endpoint\":\"" + S3.endpoint() + "\","
        + "\"access_key_id\":\"" + S3.accessKey() + "\",\"secret_access_key\":\"" + S3.secretKey() + "\","
        + "\"airbyte_columns\":\"v2\",\"format\":{\"format_type\":\"JSONL\",\"compression\":{"
        + "\"compression_type\":\"No Compression\"}}}");
    FutureSync sync = new FutureSync();

    ConnectorResult result = ConnectorProcess.ofModule("destination-s3").write(config, catalog(), sync.lines);

    assertSucceededEchoingVerbatimAndWarningOnce(result, sync);
    List<JsonNode> rows = new ArrayList<>();
    for (S3Object object : S3.list(bucket, "future/")) {
      for (String line : new String(S3.get(bucket, object.key()), StandardCharsets.UTF_8).split("\n")) {
        rows.add(ProtocolCodec.readTreeUnchecked(line));
      }
    }
    assertThat(rows).hasSize(sync.records);
    for (JsonNode row : rows) {
      assertThat(row.at("/_airbyte_meta/changes")).isEqualTo(ProtocolCodec.readTreeUnchecked(CHANGES));
    }
  }

  private static void assertSucceededEchoingVerbatimAndWarningOnce(ConnectorResult result, FutureSync sync) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.errors()).as(result.toString()).isEmpty();
    List<JsonNode> echoed = result.states();
    assertThat(echoed).as(result.toString()).hasSameSizeAs(sync.states);
    for (int i = 0; i < echoed.size(); i++) {
      ObjectNode state = echoed.get(i).deepCopy();
      JsonNode stats = state.remove("destinationStats");
      assertThat(state).as("state %d echoed verbatim", i).isEqualTo(sync.states.get(i));
      assertThat(stats.get("recordCount").asDouble()).as("recordCount of state %d", i)
          .isEqualTo(sync.counts.get(i));
    }
    List<String> warnings = result.ofType("LOG").stream()
        .filter(m -> m.at("/log/level").asText().equals("WARN")).map(m -> m.at("/log/message").asText())
        .filter(m -> m.contains("does not know")).toList();
    for (String unknown : UNKNOWN) {
      assertThat(warnings).as(unknown).filteredOn(w -> w.contains(unknown)).hasSize(1);
    }
    assertThat(warnings).hasSameSizeAs(UNKNOWN);
  }
}
