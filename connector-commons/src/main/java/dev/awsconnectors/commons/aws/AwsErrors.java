package dev.awsconnectors.commons.aws;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Classifies SDK exceptions into the connector's failure types, from HTTP status codes and AWS error codes only
 * (never from message text), with a message that says what the connector was doing and what to check.
 */
public final class AwsErrors {
  private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
      "RequestThrottledException", "TooManyRequestsException", "ProvisionedThroughputExceededException",
      "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
      "KMSThrottlingException", "LimitExceededException", "TransactionInProgressException");
  private static final Set<String> SERVER_SIDE = Set.of("InternalFailure", "InternalFailureException",
      "InternalError", "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout",
      "RequestTimeoutException", "KMSInternalException", "KmsInternalException");
  /** Answers that a repeated request resolves: clock skew (the SDK corrects its clock) and S3's 409 for a
   * conflicting conditional write still in progress. */
  private static final Set<String> RESOLVED_BY_REPEATING = Set.of("RequestTimeTooSkewed", "RequestExpired",
      "RequestInTheFuture", "ConditionalRequestConflict", "OperationAborted");
  private static final Set<String> ACCESS = Set.of("AccessDenied", "AccessDeniedException", "AllAccessDisabled",
      "UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId", "SignatureDoesNotMatch",
      "InvalidSignatureException", "ExpiredToken", "ExpiredTokenException", "IncompleteSignature",
      "MissingAuthenticationToken", "AuthFailure", "InvalidToken", "TokenRefreshRequired", "AccountProblem",
      "KMSAccessDeniedException", "KMSDisabledException", "KMSNotFoundException", "KMSInvalidStateException",
      "KMSOptInRequired", "KmsAccessDeniedException", "KmsDisabledException", "KmsNotFoundException",
      "KmsInvalidStateException", "KmsOptInRequiredException", "InvalidObjectState");
  private static final Set<String> NOT_FOUND = Set.of("NoSuchBucket", "ResourceNotFoundException", "NotFound",
      "NoSuchKey", "NoSuchUpload");

  private AwsErrors() {}

  /** True for failures that may succeed when tried again: throttling, 5xx, timeouts, network errors. */
  public static boolean isTransient(Throwable t) {
    if (t instanceof AwsServiceException e) {
      String code = code(e);
      return e.isThrottlingException() || e.statusCode() == 429 || e.statusCode() >= 500
          || THROTTLING.contains(code) || SERVER_SIDE.contains(code) || RESOLVED_BY_REPEATING.contains(code);
    }
    return t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException
        || (t instanceof SdkClientException && !(t instanceof AbortedException));
  }

  /** True for failures the user must fix: denied access, bad credentials, missing resources. */
  public static boolean isAccessOrNotFound(Throwable t) {
    if (t instanceof AwsServiceException e) {
      String code = code(e);
      return e.statusCode() == 401 || e.statusCode() == 403 || e.statusCode() == 404 || ACCESS.contains(code)
          || NOT_FOUND.contains(code);
    }
    return false;
  }

  /**
   * @param action what was being done, as a gerund phrase: "writing to the Kinesis stream 'orders'"
   */
  public static ConnectorException classify(SdkException e, String action) {
    if (e instanceof AwsServiceException ase) {
      String code = code(ase);
      String detail = code + " (HTTP " + ase.statusCode() + ")";
      if (ACCESS.contains(code) || ase.statusCode() == 401 || ase.statusCode() == 403) {
        return new ConfigErrorException("Access denied while " + action + ": " + detail
            + ". Check the credentials, the role and that the IAM policy allows this action.", e);
      }
      if (NOT_FOUND.contains(code) || ase.statusCode() == 404) {
        return new ConfigErrorException("Not found while " + action + ": " + detail
            + ". Check the name, the region and the endpoint.", e);
      }
      if (isTransient(ase)) {
        return new TransientErrorException("AWS kept failing or throttling while " + action + ": " + detail
            + ", after retries. Running the sync again later should succeed.", e);
      }
      return new SystemErrorException("AWS rejected a request while " + action + ": " + detail + ".", e);
    }
    if (isTransient(e)) {
      return new TransientErrorException("Could not reach AWS while " + action + ": " + describe(e)
          + ". Check the endpoint and the network; running the sync again may succeed.", e);
    }
    return new SystemErrorException("The AWS SDK failed while " + action + ": " + describe(e) + ".", e);
  }

  /**
   * What went wrong, for messages: the error code and HTTP status of a service answer, or the innermost cause of a
   * client failure ("ConnectException: Connection refused", "UnknownHostException: kinesis.example"). Never used
   * to decide anything.
   */
  public static String describe(Throwable t) {
    if (t instanceof AwsServiceException e) {
      String code = code(e);
      return (code.isEmpty() ? "an error" : code) + " (HTTP " + e.statusCode() + ")";
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + root.getMessage();
    if (root instanceof java.net.UnknownHostException) {
      message = ": unknown host" + message;
    }
    return root.getClass().getSimpleName() + message;
  }

  private static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
        : e.awsErrorDetails().errorCode();
  }
}
