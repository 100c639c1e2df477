package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.aws.RetryPolicy;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How S3 failures become messages that say what to fix (no network: the exceptions are built here). */
class S3ErrorClassifierTest {
  private static final RetryPolicy RETRIES = new RetryPolicy(7, Duration.ofSeconds(30), Duration.ofMillis(100),
      Duration.ofSeconds(5));
  private static final S3ErrorClassifier AWS = new S3ErrorClassifier("my-bucket", "bucket 'my-bucket' in us-east-1",
      false, false, RETRIES);
  private static final S3ErrorClassifier KMS = new S3ErrorClassifier("my-bucket", "bucket 'my-bucket' in us-east-1",
      false, true, RETRIES);
  private static final S3ErrorClassifier CUSTOM = new S3ErrorClassifier("my-bucket",
      "bucket 'my-bucket' at http://127.0.0.1:9000", true, false, RETRIES);

  private static S3Exception s3(int status, String code, Map<String, List<String>> headers) {
    return (S3Exception) S3Exception.builder().statusCode(status).awsErrorDetails(AwsErrorDetails.builder()
        .errorCode(code).errorMessage("message").sdkHttpResponse(SdkHttpResponse.builder().statusCode(status)
            .headers(headers).build()).build()).build();
  }

  private static S3Exception s3(int status, String code) {
    return s3(status, code, Map.of());
  }

  private static ConnectorException classify(S3Exception e) {
    return AWS.classify(e, "uploading 'k' (PutObject)", "s3:PutObject");
  }

  @Test
  void namesAMissingBucketAndWhatToCorrectWhereItWasLookedFor() {
    ConnectorException aws = classify(s3(404, "NoSuchBucket"));
    assertThat(aws).isInstanceOf(ConfigErrorException.class).hasCauseInstanceOf(S3Exception.class)
        .hasMessage("The bucket 'my-bucket' does not exist (NoSuchBucket, HTTP 404). Create it, or correct "
            + "s3_bucket_name and the account.");
    assertThat(CUSTOM.classify(s3(404, "NoSuchBucket"), "listing", "s3:ListBucket"))
        .isInstanceOf(ConfigErrorException.class).hasMessageEndingWith("correct s3_bucket_name and s3_endpoint.");
  }

  @Test
  void tellsAnUnknownKeyFromAWrongSecret() {
    assertThat(classify(s3(403, "InvalidAccessKeyId"))).isInstanceOf(ConfigErrorException.class)
        .hasMessageStartingWith("S3 does not know the access key ID (InvalidAccessKeyId, HTTP 403) while uploading "
            + "'k' (PutObject) in bucket 'my-bucket' in us-east-1").hasMessageContaining("Check access_key_id");
    assertThat(classify(s3(403, "SignatureDoesNotMatch"))).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("secret access key does not match").hasMessageContaining("secret_access_key")
        .hasMessageNotContaining("access_key_id (");
  }

  @Test
  void namesTheBucketsRegionFromTheHeaderOrSaysItIsAnotherOne() {
    assertThat(classify(s3(301, "PermanentRedirect", Map.of("x-amz-bucket-region", List.of("eu-west-1")))))
        .isInstanceOf(ConfigErrorException.class).hasMessage("The bucket 'my-bucket' is in region eu-west-1, not in "
            + "the configured one (PermanentRedirect, HTTP 301). Set s3_bucket_region to eu-west-1.");
    for (String code : List.of("PermanentRedirect", "AuthorizationHeaderMalformed",
        "IllegalLocationConstraintException")) {
      assertThat(classify(s3(400, code))).isInstanceOf(ConfigErrorException.class)
          .hasMessageContaining("is in another region").hasMessageContaining("to the bucket's region.");
    }
    assertThat(classify(s3(301, "", Map.of("x-amz-bucket-region", List.of("ap-south-1")))))
        .isInstanceOf(ConfigErrorException.class).hasMessage("The bucket 'my-bucket' is in region ap-south-1, not in "
            + "the configured one (HTTP 301). Set s3_bucket_region to ap-south-1.");
    assertThat(classify(s3(301, ""))).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("is in region ?").hasMessageEndingWith("Set s3_bucket_region to it.");
    assertThat(classify(s3(400, "InvalidRequest", Map.of("x-amz-bucket-region", List.of("us-west-2")))))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("region us-west-2");
  }

  @Test
  void aBadRequestWithoutARegionHeaderIsNotAboutTheRegion() {
    assertThat(classify(s3(400, "InvalidArgument"))).isInstanceOf(SystemErrorException.class)
        .hasMessageNotContaining("region");
  }

  @Test
  void namesThePermissionThatIsMissingAndTheKeyPolicyOnlyWithKms() {
    assertThat(classify(s3(403, "AccessDenied"))).isInstanceOf(ConfigErrorException.class)
        .hasMessage("Access denied while uploading 'k' (PutObject) in bucket 'my-bucket' in us-east-1 (AccessDenied, "
            + "HTTP 403). The credentials need s3:PutObject on this bucket and path; check the IAM policy, the bucket "
            + "policy.");
    assertThat(classify(s3(403, ""))).isInstanceOf(ConfigErrorException.class).hasMessageContaining("(HTTP 403)");
    assertThat(classify(s3(400, "AccessDenied"))).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("Access denied");
    assertThat(KMS.classify(s3(403, "AccessDenied"), "uploading 'k'", KMS.putPermission()))
        .hasMessageContaining("s3:PutObject and kms:GenerateDataKey").hasMessageEndingWith("and the KMS key policy.");
  }

  @Test
  void blamesTheKeyWhenKmsRefuses() {
    for (String code : List.of("KMS.NotFoundException", "KMS.DisabledException", "KmsAccessDeniedException")) {
      assertThat(classify(s3(400, code))).isInstanceOf(ConfigErrorException.class)
          .hasMessageStartingWith("KMS refused a request while uploading 'k'")
          .hasMessageContaining("kms:GenerateDataKey and kms:Decrypt");
    }
    // A KMS code wins over the 403 that comes with it: the key policy, not the bucket's, needs fixing.
    assertThat(classify(s3(403, "KMS.AccessDeniedException"))).hasMessageStartingWith("KMS refused");
  }

  @Test
  void retriesWhatMaySucceedLater() {
    assertThat(classify(s3(503, "SlowDown"))).isInstanceOf(TransientErrorException.class);
    assertThat(classify(s3(500, "InternalError"))).isInstanceOf(TransientErrorException.class);
    assertThat(classify(s3(409, "ConditionalRequestConflict"))).isInstanceOf(TransientErrorException.class)
        .hasMessageStartingWith("A concurrent write conflicted while uploading 'k'");
  }

  @Test
  void anUnreachableStoreNamesTheRetriesAndWhatToCheck() {
    assertThat(AWS.classify(SdkClientException.create("Connect to 127.0.0.1:9 failed"), "listing", "x"))
        .isInstanceOf(TransientErrorException.class)
        .hasMessage("Could not reach S3 while listing in bucket 'my-bucket' in us-east-1: SdkClientException: "
            + "Connect to 127.0.0.1:9 failed, after retries (7 attempts within 30 s). Check s3_endpoint, "
            + "s3_bucket_region and the network.");
  }

  @Test
  void leavesWhatIsNotS3sOwnToTheCommonClassification() {
    assertThat(classify(s3(404, "NoSuchKey"))).isInstanceOf(ConfigErrorException.class)
        .hasMessageStartingWith("Not found while uploading 'k' (PutObject) in bucket 'my-bucket'");
    assertThat(classify(s3(400, "MalformedXML"))).isInstanceOf(SystemErrorException.class);
    // A client failure that is not worth retrying (the SDK's own bug or an abort) is not "could not reach".
    assertThat(AWS.classify(AbortedException.create("stop"), "listing", "x"))
        .isInstanceOf(SystemErrorException.class).hasMessageNotContaining("Could not reach S3");
  }

  @Test
  void reportsWhatTheStoreDoesNotImplement() {
    assertThat(classify(s3(501, "NotImplemented"))).isInstanceOf(SystemErrorException.class)
        .hasMessageStartingWith("The store does not implement a request needed for uploading 'k'");
  }

  @Test
  void aDeletionDeniedIsTheUsersToFixAnyOtherARetry() {
    assertThat(AWS.deleteFailed(2, 5, "p/a", "AccessDenied", "Access Denied"))
        .isInstanceOf(ConfigErrorException.class).hasNoCause()
        .hasMessage("S3 did not delete 2 of 5 objects in bucket 'my-bucket' in us-east-1; first: 'p/a': AccessDenied "
            + "Access Denied. The credentials need s3:DeleteObject.");
    assertThat(AWS.deleteFailed(1, 1, "p/b", "InternalError", "try again"))
        .isInstanceOf(TransientErrorException.class)
        .hasMessageEndingWith("Running the sync again retries the deletion.");
  }

  @Test
  void permissionsIncludeTheKeyOnlyWithKms() {
    assertThat(AWS.putPermission()).isEqualTo("s3:PutObject");
    assertThat(AWS.getPermission()).isEqualTo("s3:GetObject");
    assertThat(KMS.putPermission()).isEqualTo("s3:PutObject and kms:GenerateDataKey");
    assertThat(KMS.getPermission()).isEqualTo("s3:GetObject and kms:Decrypt");
  }

  @Test
  void recognisesTheAnswersToConditionalWrites() {
    assertThat(S3ErrorClassifier.isPreconditionFailed(s3(412, "PreconditionFailed"))).isTrue();
    assertThat(S3ErrorClassifier.isPreconditionFailed(s3(409, "ConditionalRequestConflict"))).isFalse();
    assertThat(S3ErrorClassifier.isConditionalNotSupported(s3(501, "NotImplemented"))).isTrue();
    assertThat(S3ErrorClassifier.isConditionalNotSupported(s3(501, "OtherCode"))).isFalse();
    assertThat(S3ErrorClassifier.isConditionalNotSupported(s3(400, "NotImplemented"))).isFalse();
    assertThat(S3ErrorClassifier.isConditionalNotSupported(
        (S3Exception) S3Exception.builder().statusCode(501).build())).isFalse();
  }

  @Test
  void toleratesOnlyAnAnswerOf404AsNotFound() {
    assertThat(S3ErrorClassifier.isNotFound(classify(s3(404, "NoSuchUpload")))).isTrue();
    assertThat(S3ErrorClassifier.isNotFound(classify(s3(403, "AccessDenied")))).isFalse();
    assertThat(S3ErrorClassifier.isNotFound(new ConfigErrorException("no cause"))).isFalse();
  }

  @Test
  void readsTheErrorCodeOrNothing() {
    assertThat(S3ErrorClassifier.errorCode(s3(400, "X"))).isEqualTo("X");
    assertThat(S3ErrorClassifier.errorCode((S3Exception) S3Exception.builder().statusCode(400).build())).isEmpty();
    assertThat(S3ErrorClassifier.errorCode((S3Exception) S3Exception.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().build()).build())).isEmpty();
  }
}
