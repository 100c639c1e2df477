package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Configs written by hand, through the built jars against the emulators: a format given with nothing but its type
 * takes the documented defaults, enum values are accepted whatever their letter case, and a value the spec does not
 * allow is named in the error.
 */
class ForgivingConfigIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static ObjectNode s3Config(String format) {
    return Messages.json("{\"s3_bucket_name\":\"" + S3.newBucket() + "\",\"s3_bucket_path\":\"forgiving\","
        + "\"s3_bucket_region\":\"" + S3.region() + "\",\"s3_endpoint\":\"" + S3.endpoint() + "\",\"access_key_id\":\""
        + S3.accessKey() + "\",\"secret_access_key\":\"" + S3.secretKey() + "\",\"format\":" + format + "}");
  }

  private static ObjectNode kinesisAccess(String keyField, String secretField) {
    return Messages.json("{\"region\":\"" + KINESIS.region() + "\",\"endpoint\":\"" + KINESIS.endpoint() + "\",\""
        + keyField + "\":\"" + KINESIS.accessKey() + "\",\"" + secretField + "\":\"" + KINESIS.secretKey() + "\"}");
  }

  @Test
  void destinationS3TakesTheDocumentedDefaultsAndAnyLetterCase() {
    for (String format : new String[] {"{\"format_type\":\"CSV\"}", "{\"format_type\":\"Avro\"}",
        "{\"format_type\":\"csv\",\"flattening\":\"root level flattening\"}",
        "{\"format_type\":\"jsonl\",\"compression\":{\"compression_type\":\"gzip\"}}",
        "{\"format_type\":\"avro\",\"compression_codec\":{\"codec\":\"SNAPPY\"}}",
        "{\"format_type\":\"PARQUET\",\"compression_codec\":\"zstd\"}"}) {
      assertCheckSucceeds("destination-s3", s3Config(format));
    }
  }

  @Test
  void theKinesisConnectorsAcceptAnyLetterCase() {
    KINESIS.createStream(KinesisMockExtension.newStreamName("forgiving"), 1); // the source's check lists one
    ObjectNode destination = kinesisAccess("accessKey", "privateKey").put("stream_mode", "on_demand")
        .put("on_oversized_record", "skip");
    destination.putObject("payload").put("mode", "DATA");
    destination.putObject("partition_key").put("mode", "Random");
    ObjectNode source = kinesisAccess("access_key_id", "secret_access_key").put("start_position", "trim_horizon")
        .put("record_layout", "NESTED");

    assertCheckSucceeds("destination-kinesis", destination);
    assertCheckSucceeds("source-kinesis", source);
  }

  @Test
  void aValueTheSpecDoesNotAllowIsNamed() {
    ConnectorResult s3 = ConnectorProcess.ofModule("destination-s3")
        .check(s3Config("{\"format_type\":\"Parquet\",\"compression_codec\":\"LZO\"}"));
    ConnectorResult source = ConnectorProcess.ofModule("source-kinesis")
        .check(kinesisAccess("access_key_id", "secret_access_key").put("record_layout", "sideways"));

    assertThat(failure(s3)).contains("'format.compression_codec'", "(was 'LZO')");
    assertThat(failure(source)).contains("'record_layout'", "(was 'sideways')");
  }

  private static void assertCheckSucceeds(String module, JsonNode config) {
    ConnectorResult result = ConnectorProcess.ofModule(module).check(config);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.connectionStatus().get("status").asText()).as(module + " " + config + ": " + result)
        .isEqualTo("SUCCEEDED");
  }

  private static String failure(ConnectorResult result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.connectionStatus().get("status").asText()).as(result.toString()).isEqualTo("FAILED");
    return result.connectionStatus().get("message").asText();
  }
}
