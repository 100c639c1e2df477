package dev.awsconnectors.destination.s3.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus.Status;
import dev.awsconnectors.destination.s3.config.S3Config;
import dev.awsconnectors.destination.s3.storage.S3ObjectStore;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.format.FileFormats;
import dev.awsconnectors.testkit.S3ProxyExtension;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionCheckIT {
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static AirbyteConnectionStatus check(ObjectNode json) {
    S3Config config = TestConfigs.parse(json);
    return new ConnectionCheck(c -> S3ObjectStore.open(c, 4), FileFormats::factory, Clock.systemUTC()).run(config);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"format_type\":\"JSONL\"}", "{\"format_type\":\"CSV\",\"flattening\":\"No flattening\"}",
      "{\"format_type\":\"Avro\",\"compression_codec\":{\"codec\":\"zstandard\"}}",
      "{\"format_type\":\"Parquet\",\"compression_codec\":\"SNAPPY\"}"})
  void succeedsAndLeavesNothingBehind(String format) {
    String bucket = S3.newBucket();
    ObjectNode json = TestConfigs.s3proxy(S3, bucket, "some/path/${STREAM_NAME}");
    json.set("format", TestConfigs.json(format));
    AirbyteConnectionStatus status = check(json);
    assertThat(status.status()).as(status.message()).isEqualTo(Status.SUCCEEDED);
    assertThat(S3.list(bucket, "")).isEmpty();
    assertThat(S3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void saysTheBucketDoesNotExist() {
    AirbyteConnectionStatus status = check(TestConfigs.s3proxy(S3, "no-such-bucket-here", "p"));
    assertThat(status.status()).isEqualTo(Status.FAILED);
    assertThat(status.message()).contains("listing the bucket path (s3:ListBucket)")
        .contains("The bucket 'no-such-bucket-here' does not exist");
  }

  @Test
  void saysTheSecretKeyDoesNotMatch() {
    ObjectNode json = TestConfigs.s3proxy(S3, S3.newBucket(), "p").put("secret_access_key", "wrong-secret");
    AirbyteConnectionStatus status = check(json);
    assertThat(status.status()).isEqualTo(Status.FAILED);
    assertThat(status.message()).contains("secret access key does not match").doesNotContain("wrong-secret");
  }

  @Test
  void saysTheAccessKeyIsUnknown() {
    ObjectNode json = TestConfigs.s3proxy(S3, S3.newBucket(), "p").put("access_key_id", "AKIAUNKNOWN");
    AirbyteConnectionStatus status = check(json);
    assertThat(status.status()).isEqualTo(Status.FAILED);
    assertThat(status.message()).containsAnyOf("does not know the access key ID", "secret access key does not match");
  }

  @Test
  @Timeout(30) // the check's bounded retry policy (3 attempts within 15 s), not the sync's 20 attempts
  void saysTheEndpointCannotBeReached() {
    ObjectNode json = TestConfigs.s3proxy(S3, "bucket", "p").put("s3_endpoint", "http://127.0.0.1:9");
    AirbyteConnectionStatus status = check(json);
    assertThat(status.status()).isEqualTo(Status.FAILED);
    assertThat(status.message()).contains("Could not reach S3").contains("s3_endpoint");
  }
}
