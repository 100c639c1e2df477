package dev.awsconnectors.commons.aws;

import dev.awsconnectors.commons.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * An IAM role to assume with STS on top of the base credentials.
 *
 * @param externalId the external ID the role's trust policy requires (treated as a secret)
 * @param stsEndpoint a custom STS endpoint (VPC endpoint); empty means the regional STS endpoint
 */
public record AssumeRole(String roleArn, Optional<Secret> externalId, String sessionName, Duration sessionDuration,
    Optional<URI> stsEndpoint) {

  public static final String DEFAULT_SESSION_NAME = "airbyte-aws-connectors";
  public static final Duration DEFAULT_DURATION = Duration.ofHours(1);
}
