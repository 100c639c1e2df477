package dev.awsconnectors.commons.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;

/**
 * How to reach AWS (or an AWS-compatible service): region, optional endpoint override, base credentials and an
 * optional role to assume. Built once from the configuration by {@link AwsConnectionReader}.
 *
 * @param region the region; empty means the SDK's default region chain (AWS_REGION, profile, instance metadata)
 * @param endpoint a custom endpoint (S3-compatible stores, VPC endpoints, emulators); empty means AWS's own
 * @param retry how every AWS call is retried
 */
public record AwsConnection(
    Optional<Region> region,
    Optional<URI> endpoint,
    AwsCredentialsConfig credentials,
    Optional<AssumeRole> assumeRole,
    RetryPolicy retry) {

  public AwsConnection withRetry(RetryPolicy policy) {
    return new AwsConnection(region, endpoint, credentials, assumeRole, policy);
  }

  /** Human-readable description for logs; never includes secrets. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append("region ").append(region.map(Region::id).orElse("(default chain)"));
    endpoint.ifPresent(e -> s.append(", endpoint ").append(e));
    s.append(", credentials ").append(credentials.describe());
    assumeRole.ifPresent(r -> s.append(", assuming role ").append(r.roleArn()));
    s.append(", retries ").append(retry.describe());
    return s.toString();
  }
}
