package dev.awsconnectors.commons.aws;

/**
 * The names a connector's spec gives the shared AWS settings; connectors that replace an existing one keep its
 * names so that existing configurations keep working. A {@code null} name means the connector does not offer it.
 */
public record AwsFieldNames(
    String region,
    String endpoint,
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    String roleArn,
    String roleExternalId,
    String allowInsecureEndpoint) {

  /** Attempts per AWS call (and per record a call rejects): the same name in every connector. */
  public static final String RETRY_MAX_ATTEMPTS = "retry_max_attempts";
  /** The time budget of one AWS call, its retries included, in seconds: the same name in every connector. */
  public static final String RETRY_MAX_SECONDS = "retry_max_seconds";

  /** The names our own connectors use. */
  public static final AwsFieldNames STANDARD = new AwsFieldNames("region", "endpoint", "access_key_id",
      "secret_access_key", "session_token", "role_arn", "role_external_id", "allow_insecure_endpoint");
}
