package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.S3ProxyExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a new user gets wrong by hand, through the built jars against the emulators: a misspelt top-level config field
 * is named with the field it most likely meant, in a WARN and in check's message, whether the check succeeds or
 * fails, and in a sync's log (its value never printed); a discovered catalog given to read or write is refused with
 * how to make a configured one.
 */
class ConfigTyposIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();
  /** The value of every misspelt field: it must never be printed. */
  private static final String TYPO_VALUE = "http://typo-value.invalid:9";

  private static ObjectNode s3Config(String bucket) {
    return Messages.json("{\"s3_bucket_name\":\"" + bucket + "\",\"s3_bucket_path\":\"typos\",\"s3_bucket_region\":\""
        + S3.region() + "\",\"s3_endpoint\":\"" + S3.endpoint() + "\",\"access_key_id\":\"" + S3.accessKey() + "\","
        + "\"secret_access_key\":\"" + S3.secretKey() + "\",\"format\":{\"format_type\":\"JSONL\"}}");
  }

  private static ObjectNode kinesisSourceConfig() {
    return Messages.json("{\"region\":\"" + KINESIS.region() + "\",\"endpoint\":\"" + KINESIS.endpoint() + "\","
        + "\"access_key_id\":\"" + KINESIS.accessKey() + "\",\"secret_access_key\":\"" + KINESIS.secretKey() + "\","
        + "\"max_sync_duration_seconds\":10}");
  }

  @Test
  void aSucceedingCheckNamesEachUnknownFieldWithTheFieldItMeant() {
    KINESIS.createStream(KinesisMockExtension.newStreamName("typos"), 1); // the source's check needs one to list
    ObjectNode s3 = s3Config(S3.newBucket()).put("s3_endpiont", TYPO_VALUE).put("colour", TYPO_VALUE);
    ObjectNode kinesis = Messages.json("{\"endpoint\":\"" + KINESIS.endpoint() + "\",\"region\":\"" + KINESIS.region()
        + "\",\"accessKey\":\"" + KINESIS.accessKey() + "\",\"privateKey\":\"" + KINESIS.secretKey() + "\"}")
        .put("endpiont", TYPO_VALUE);
    ObjectNode source = kinesisSourceConfig().put("stream", TYPO_VALUE);

    assertChecked("destination-s3", s3, "SUCCEEDED", "The config fields 's3_endpiont' (did you mean 's3_endpoint'?), "
        + "'colour' are not known to this connector and ignored.");
    assertChecked("destination-kinesis", kinesis, "SUCCEEDED",
        "The config field 'endpiont' (did you mean 'endpoint'?) is not known to this connector and ignored.");
    assertChecked("source-kinesis", source, "SUCCEEDED",
        "The config field 'stream' (did you mean 'streams'?) is not known to this connector and ignored.");
  }

  @Test
  void aFailingCheckNamesThemAfterItsReason() {
    ObjectNode unreachable = Connectors.DESTINATION_KINESIS.unreachableConfig().put("endpiont", TYPO_VALUE);

    ConnectorResult result = assertChecked("destination-kinesis", unreachable, "FAILED",
        " The config field 'endpiont' (did you mean 'endpoint'?) is not known to this connector and ignored.");

    assertThat(result.connectionStatus().get("message").asText()).startsWith("Could not reach AWS");
  }

  @Test
  void aSyncWarnsOfUnknownFieldsInItsLog() {
    String bucket = S3.newBucket();
    ObjectNode config = s3Config(bucket).put("s3_bucket_nmae", TYPO_VALUE);
    ObjectNode catalog = Messages.catalog(Messages.configuredStream(null, "typos", Messages.json("{\"type\":"
        + "\"object\"}"), "full_refresh", "append"));

    ConnectorResult result = ConnectorProcess.ofModule("destination-s3").write(config, catalog, List.of(
        Messages.record(null, "typos", Messages.json("{\"id\":1}"), 1L)));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.ofType("LOG")).filteredOn(m -> m.at("/log/level").asText().equals("WARN"))
        .extracting(m -> m.at("/log/message").asText()).containsOnlyOnce("The config field 's3_bucket_nmae' (did you "
            + "mean 's3_bucket_name'?) is not known to this connector and is ignored.");
    assertThat(result.stdout() + result.stderr()).doesNotContain("typo-value");
    assertThat(S3.list(bucket, "typos/")).hasSize(1);
  }

  @Test
  void aDiscoveredCatalogIsRefusedWithHowToMakeAConfiguredOne() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("typos"), 1);
    ObjectNode source = kinesisSourceConfig();
    source.putArray("streams").add(stream);
    ConnectorResult discover = ConnectorProcess.ofModule("source-kinesis").discover(source);
    assertThat(discover.exitCode()).as(discover.toString()).isZero();
    JsonNode catalogMessage = discover.ofType("CATALOG").get(0);

    for (JsonNode discovered : List.of(catalogMessage, catalogMessage.get("catalog"))) {
      ConnectorResult read = ConnectorProcess.ofModule("source-kinesis").read(source, discovered, null);
      ConnectorResult write = ConnectorProcess.ofModule("destination-s3").write(s3Config(S3.newBucket()), discovered,
          List.of());

      for (ConnectorResult result : List.of(read, write)) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.errors()).hasSize(1);
        assertThat(result.errors().get(0).path("failure_type").asText()).isEqualTo("config_error");
        assertThat(result.errors().get(0).path("message").asText()).contains("holds a discovered catalog (what the "
            + "discover command prints), not a configured catalog", "{\"stream\": <the stream>, \"sync_mode\": \"",
            "\"destination_sync_mode\": \"append\"}", "jq '{streams: [");
      }
    }
  }

  private static ConnectorResult assertChecked(String module, ObjectNode config, String status, String note) {
    ConnectorResult result = ConnectorProcess.ofModule(module).check(config);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode connectionStatus = result.connectionStatus();
    assertThat(connectionStatus.get("status").asText()).as(result.toString()).isEqualTo(status);
    assertThat(connectionStatus.get("message").asText()).as(module).endsWith(note);
    String field = note.substring(note.indexOf('\'') + 1, note.indexOf('\'', note.indexOf('\'') + 1));
    assertThat(result.ofType("LOG")).filteredOn(m -> m.at("/log/level").asText().equals("WARN"))
        .extracting(m -> m.at("/log/message").asText())
        .anySatisfy(m -> assertThat(m).startsWith("The config field '" + field + "'"));
    assertThat(result.stdout() + result.stderr()).as("the values are never printed").doesNotContain("typo-value");
    return result;
  }
}
