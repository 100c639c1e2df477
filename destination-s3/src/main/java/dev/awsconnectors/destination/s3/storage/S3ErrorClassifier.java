package dev.awsconnectors.destination.s3.storage;

import dev.awsconnectors.commons.aws.AwsErrors;
import dev.awsconnectors.commons.aws.RetryPolicy;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Decides what an S3 failure means for the user, from status and error codes only: which failure type it is and a
 * message naming the bucket, the operation and the IAM permission it needs. S3's own cases (missing bucket, wrong
 * key or secret, wrong region, KMS, conditional writes) come first; everything else falls through to
 * {@link AwsErrors}. Built once per {@link S3ObjectStore} from its immutable settings and shared by its threads.
 */
final class S3ErrorClassifier {
  private static final String CONDITIONAL_NOT_SUPPORTED = "NotImplemented";

  private final String bucket;
  private final String where;
  private final boolean customEndpoint;
  private final boolean kms;
  private final RetryPolicy retries;

  /**
   * @param where the bucket and where it is, for messages: "bucket 'b' in us-east-1", "bucket 'b' at http://host"
   * @param customEndpoint whether requests go to a configured endpoint rather than AWS
   * @param kms whether objects are written with SSE-KMS (access also needs the key)
   * @param retries what the SDK tried before giving up, for messages
   */
  S3ErrorClassifier(String bucket, String where, boolean customEndpoint, boolean kms, RetryPolicy retries) {
    this.bucket = bucket;
    this.where = where;
    this.customEndpoint = customEndpoint;
    this.kms = kms;
    this.retries = retries;
  }

  /** The permission a write needs: with SSE-KMS, also the key's. */
  String putPermission() {
    return kms ? "s3:PutObject and kms:GenerateDataKey" : "s3:PutObject";
  }

  /** The permission a read needs: with SSE-KMS, also the key's. */
  String getPermission() {
    return kms ? "s3:GetObject and kms:Decrypt" : "s3:GetObject";
  }

  /**
   * Turns an SDK failure into what the user must do.
   *
   * @param action what was being done, with the operation: "uploading 'k' (PutObject)"
   * @param permission the IAM permission the operation needs
   */
  ConnectorException classify(SdkException e, String action, String permission) {
    String doing = action + " in " + where;
    if (e instanceof AwsServiceException ase) {
      String code = errorCode(ase);
      int status = ase.statusCode();
      String detail = " (" + (code.isEmpty() ? "" : code + ", ") + "HTTP " + status + ")";
      Optional<String> bucketRegion = ase.awsErrorDetails() == null || ase.awsErrorDetails().sdkHttpResponse() == null
          ? Optional.empty() : ase.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
      switch (code) {
        case "NoSuchBucket" -> {
          return new ConfigErrorException("The bucket '" + bucket + "' does not exist" + detail + ". Create it, "
              + "or correct s3_bucket_name" + (customEndpoint ? " and s3_endpoint" : " and the account") + ".", e);
        }
        case "InvalidAccessKeyId" -> {
          return new ConfigErrorException("S3 does not know the access key ID" + detail + " while " + doing
              + ". Check access_key_id (is the key deleted or inactive?) and, for an S3-compatible store, "
              + "s3_endpoint.", e);
        }
        case "SignatureDoesNotMatch" -> {
          return new ConfigErrorException("S3 rejected the request signature" + detail + " while " + doing
              + ": the secret access key does not match the access key ID. Check secret_access_key.", e);
        }
        case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException" -> {
          return new ConfigErrorException("The bucket '" + bucket + "' is in "
              + bucketRegion.map(r -> "region " + r).orElse("another region") + ", not in the configured one"
              + detail + ". Set s3_bucket_region to " + bucketRegion.orElse("the bucket's region") + ".", e);
        }
        default -> { }
      }
      if (status == 301 || (status == 400 && bucketRegion.isPresent())) {
        return new ConfigErrorException("The bucket '" + bucket + "' is in region " + bucketRegion.orElse("?")
            + ", not in the configured one" + detail + ". Set s3_bucket_region to " + bucketRegion.orElse("it")
            + ".", e);
      }
      if (code.startsWith("KMS.") || code.startsWith("Kms")) {
        return new ConfigErrorException("KMS refused a request while " + doing + detail + ": the credentials need "
            + "kms:GenerateDataKey and kms:Decrypt on the key, and the key must be enabled and in the bucket's "
            + "region.", e);
      }
      if (status == 403 || "AccessDenied".equals(code)) {
        return new ConfigErrorException("Access denied while " + doing + detail + ". The credentials need "
            + permission + " on this bucket and path; check the IAM policy, the bucket policy"
            + (kms ? " and the KMS key policy" : "") + ".", e);
      }
      if ("ConditionalRequestConflict".equals(code)) {
        return new TransientErrorException("A concurrent write conflicted while " + doing + detail + ".", e);
      }
      if (status == 501) {
        return new SystemErrorException("The store does not implement a request needed for " + doing + detail
            + ".", e);
      }
      return AwsErrors.classify(e, doing);
    }
    if (e instanceof SdkClientException && AwsErrors.isTransient(e)) {
      return new TransientErrorException("Could not reach S3 while " + doing + ": " + AwsErrors.describe(e)
          + ", after retries (" + retries.describe() + "). Check s3_endpoint, s3_bucket_region and "
          + "the network.", e);
    }
    return AwsErrors.classify(e, doing);
  }

  /**
   * The failure of a DeleteObjects request that deleted some keys but not all: denied access is the user's to fix;
   * anything else (S3 reports e.g. InternalError per key) a later run retries.
   *
   * @param failed how many keys S3 reported as not deleted, at least one
   * @param attempted how many keys the request named
   */
  ConnectorException deleteFailed(int failed, int attempted, String firstKey, String firstCode,
      String firstMessage) {
    String message = "S3 did not delete " + failed + " of " + attempted + " objects in " + where + "; first: '"
        + firstKey + "': " + firstCode + " " + firstMessage;
    if ("AccessDenied".equals(firstCode)) {
      return new ConfigErrorException(message + ". The credentials need s3:DeleteObject.");
    }
    return new TransientErrorException(message + ". Running the sync again retries the deletion.");
  }

  /** A conditional write (If-None-Match: *) found the key taken. */
  static boolean isPreconditionFailed(AwsServiceException e) {
    return e.statusCode() == 412;
  }

  /** The store rejects the If-None-Match header (some S3-compatible stores): the write must go without it. */
  static boolean isConditionalNotSupported(AwsServiceException e) {
    return e.statusCode() == 501 && CONDITIONAL_NOT_SUPPORTED.equals(errorCode(e));
  }

  /** A missing object, upload or bucket: the classified failure of a request answered 404. */
  static boolean isNotFound(ConnectorException e) {
    return e.getCause() instanceof AwsServiceException ase && ase.statusCode() == 404;
  }

  /** The AWS error code, or "" when the answer had none. */
  static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
        : e.awsErrorDetails().errorCode();
  }
}
