package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How S3 failures become messages that say what to fix (no network: the exceptions are built here). */
class S3ObjectStoreErrorsTest {
  private S3ObjectStore store;

  private S3ObjectStore store(String sse) {
    ObjectNode json = TestConfigs.json("{\"s3_bucket_name\":\"my-bucket\",\"s3_bucket_path\":\"p\","
        + "\"s3_bucket_region\":\"us-east-1\",\"access_key_id\":\"AKIA\",\"secret_access_key\":\"s\","
        + "\"format\":{\"format_type\":\"JSONL\"}}");
    if (sse != null) {
      json.set("server_side_encryption", TestConfigs.json(sse));
    }
    store = S3ObjectStore.open(TestConfigs.parse(json), 2);
    return store;
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private static S3Exception s3(int status, String code, Map<String, List<String>> headers) {
    return (S3Exception) S3Exception.builder().statusCode(status).awsErrorDetails(AwsErrorDetails.builder()
        .errorCode(code).errorMessage("message").sdkHttpResponse(SdkHttpResponse.builder().statusCode(status)
            .headers(headers).build()).build()).build();
  }

  private ConnectorException classify(S3Exception e) {
    return store(null).classify(e, "uploading 'k'", "s3:PutObject");
  }

  @Test
  void namesAMissingBucket() {
    assertThat(classify(s3(404, "NoSuchBucket", Map.of()))).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("The bucket 'my-bucket' does not exist").hasMessageContaining("s3_bucket_name");
  }

  @Test
  void tellsAnUnknownKeyFromAWrongSecret() {
    assertThat(classify(s3(403, "InvalidAccessKeyId", Map.of()))).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("does not know the access key ID").hasMessageContaining("access_key_id");
    assertThat(classify(s3(403, "SignatureDoesNotMatch", Map.of()))).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("secret access key does not match");
  }

  @Test
  void namesTheBucketsRegion() {
    assertThat(classify(s3(301, "PermanentRedirect", Map.of("x-amz-bucket-region", List.of("eu-west-1")))))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("is in region eu-west-1")
        .hasMessageContaining("Set s3_bucket_region to eu-west-1");
    assertThat(classify(s3(400, "AuthorizationHeaderMalformed", Map.of()))).hasMessageContaining("another region");
    assertThat(classify(s3(301, "", Map.of("x-amz-bucket-region", List.of("ap-south-1")))))
        .hasMessageContaining("region ap-south-1");
  }

  @Test
  void namesThePermissionThatIsMissing() {
    assertThat(classify(s3(403, "AccessDenied", Map.of()))).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("Access denied while uploading 'k' in bucket 'my-bucket'")
        .hasMessageContaining("s3:PutObject").hasMessageNotContaining("KMS");
    ConnectorException kms = store("{\"encryption_type\":\"SSE-KMS\"}").classify(s3(403, "AccessDenied", Map.of()),
        "uploading 'k'", "s3:PutObject and kms:GenerateDataKey");
    assertThat(kms).hasMessageContaining("kms:GenerateDataKey").hasMessageContaining("KMS key policy");
    assertThat(classify(s3(400, "KMS.NotFoundException", Map.of()))).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("KMS refused");
  }

  @Test
  void retriesWhatMaySucceedLater() {
    assertThat(classify(s3(503, "SlowDown", Map.of()))).isInstanceOf(TransientErrorException.class);
    assertThat(classify(s3(500, "InternalError", Map.of()))).isInstanceOf(TransientErrorException.class);
    assertThat(classify(s3(409, "ConditionalRequestConflict", Map.of()))).isInstanceOf(TransientErrorException.class);
    assertThat(store(null).classify(SdkClientException.create("Connect to 127.0.0.1:9 failed"), "listing", "x"))
        .isInstanceOf(TransientErrorException.class).hasMessageContaining("Could not reach S3")
        .hasMessageContaining("s3_endpoint");
  }

  @Test
  void reportsWhatTheStoreDoesNotImplement() {
    assertThat(classify(s3(501, "NotImplemented", Map.of()))).isInstanceOf(SystemErrorException.class)
        .hasMessageContaining("does not implement");
  }
}
