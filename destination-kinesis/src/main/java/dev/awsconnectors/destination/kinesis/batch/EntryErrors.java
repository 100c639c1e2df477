package dev.awsconnectors.destination.kinesis.batch;

import java.util.Set;

/**
 * What to do with a PutRecords entry that failed with an error code (the request itself succeeded): retry it, or
 * stop because retrying cannot help. Decided from the error code only.
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsResultEntry.html">
 *     PutRecordsResultEntry</a>
 */
public final class EntryErrors {
  /** Access and key problems the user must fix; retrying cannot help. */
  private static final Set<String> CONFIG = Set.of("AccessDeniedException", "KMSAccessDeniedException",
      "KMSDisabledException", "KMSNotFoundException", "KMSInvalidStateException", "KMSOptInRequired",
      "KmsAccessDeniedException", "KmsDisabledException", "KmsNotFoundException", "KmsInvalidStateException",
      "KmsOptInRequiredException", "ResourceNotFoundException");
  /** Requests Kinesis will never accept as they are (e.g. a record above the stream's size limit). */
  private static final Set<String> PERMANENT = Set.of("InvalidArgumentException", "ValidationException");

  public enum Outcome {
    /** Throttling, internal failures, KMS throttling and unknown codes: try again after a backoff. */
    RETRY,
    /** The configuration or the account must change. */
    CONFIG_ERROR,
    /** Kinesis rejects the entry itself. */
    REJECTED
  }

  private EntryErrors() {}

  public static Outcome classify(String errorCode) {
    if (errorCode == null) {
      return Outcome.RETRY;
    }
    if (CONFIG.contains(errorCode)) {
      return Outcome.CONFIG_ERROR;
    }
    if (PERMANENT.contains(errorCode)) {
      return Outcome.REJECTED;
    }
    return Outcome.RETRY;
  }
}
