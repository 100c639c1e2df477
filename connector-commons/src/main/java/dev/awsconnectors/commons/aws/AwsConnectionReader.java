package dev.awsconnectors.commons.aws;

import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.Secret;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * Reads the shared AWS settings from a configuration, recording every problem. An endpoint without a scheme means
 * https. A plain-http endpoint that is not on loopback is refused unless the user allows it explicitly: it would
 * silently drop encryption in transit, credentials' signatures and data included.
 */
public final class AwsConnectionReader {
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-zA-Z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

  private AwsConnectionReader() {}

  public static AwsConnection read(ConfigReader config, AwsFieldNames names) {
    Optional<URI> endpoint = names.endpoint() == null ? Optional.empty()
        : config.string(names.endpoint()).flatMap(raw -> endpoint(config, names, raw));
    Optional<Region> region = names.region() == null ? Optional.empty()
        : config.string(names.region()).flatMap(raw -> region(config, names.region(), raw, endpoint.isPresent()));
    return new AwsConnection(region, endpoint, credentials(config, names), assumeRole(config, names, region),
        retry(config));
  }

  /** The one retry policy, from the fields every connector names alike (range checks as in the specs). */
  static RetryPolicy retry(ConfigReader config) {
    int attempts = (int) config.longValue(AwsFieldNames.RETRY_MAX_ATTEMPTS, RetryPolicy.DEFAULT_MAX_ATTEMPTS, 1,
        1000);
    long seconds = config.longValue(AwsFieldNames.RETRY_MAX_SECONDS, RetryPolicy.DEFAULT_BUDGET.toSeconds(), 1,
        86_400);
    return RetryPolicy.of(attempts, Duration.ofSeconds(seconds));
  }

  private static Optional<Region> region(ConfigReader config, String field, String raw, boolean customEndpoint) {
    String id = raw.toLowerCase(Locale.ROOT);
    if (!customEndpoint && !AWS_REGION.matcher(id).matches()) {
      config.problem(field, "is not an AWS region code such as us-east-1 (was '" + raw + "')");
      return Optional.empty();
    }
    return Optional.of(Region.of(id));
  }

  private static Optional<URI> endpoint(ConfigReader config, AwsFieldNames names, String raw) {
    String field = names.endpoint();
    String withScheme = raw.contains("://") ? raw : "https://" + raw;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      config.problem(field, "is not a valid URL (" + e.getReason() + ")");
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      config.problem(field, "must be an http:// or https:// URL (was '" + raw + "')");
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      config.problem(field, "has no host name (was '" + raw + "')");
      return Optional.empty();
    }
    boolean allowInsecure = names.allowInsecureEndpoint() != null
        && config.bool(names.allowInsecureEndpoint(), false);
    if (scheme.equals("http") && !isLoopback(uri.getHost()) && !allowInsecure) {
      config.problem(field, "uses plain http to a host that is not this machine (" + uri.getHost()
          + "): traffic, including data, would not be encrypted. Use https, or set '"
          + names.allowInsecureEndpoint() + "' to true to accept that");
      return Optional.empty();
    }
    return Optional.of(uri);
  }

  private static AwsCredentialsConfig credentials(ConfigReader config, AwsFieldNames names) {
    Optional<String> keyId = names.accessKeyId() == null ? Optional.empty() : config.string(names.accessKeyId());
    Optional<Secret> secret = names.secretAccessKey() == null ? Optional.empty()
        : config.secret(names.secretAccessKey());
    Optional<Secret> token = names.sessionToken() == null ? Optional.empty() : config.secret(names.sessionToken());
    if (keyId.isPresent() && secret.isPresent()) {
      return new AwsCredentialsConfig.StaticKeys(keyId.get(), secret.get(), token);
    }
    if (keyId.isPresent()) {
      config.problem(names.secretAccessKey(), "is required when '" + names.accessKeyId() + "' is set");
    } else if (secret.isPresent()) {
      config.problem(names.accessKeyId(), "is required when '" + names.secretAccessKey() + "' is set");
    }
    return new AwsCredentialsConfig.DefaultChain();
  }

  private static Optional<AssumeRole> assumeRole(ConfigReader config, AwsFieldNames names, Optional<Region> region) {
    if (names.roleArn() == null) {
      return Optional.empty();
    }
    Optional<String> arn = config.string(names.roleArn());
    Optional<Secret> externalId = names.roleExternalId() == null ? Optional.empty()
        : config.secret(names.roleExternalId());
    if (arn.isEmpty()) {
      if (externalId.isPresent()) {
        config.problem(names.roleExternalId(), "is only used with '" + names.roleArn() + "', which is not set");
      }
      return Optional.empty();
    }
    if (!ROLE_ARN.matcher(arn.get()).matches()) {
      config.problem(names.roleArn(), "is not an IAM role ARN such as arn:aws:iam::123456789012:role/my-role");
      return Optional.empty();
    }
    return Optional.of(new AssumeRole(arn.get(), externalId, AssumeRole.DEFAULT_SESSION_NAME,
        AssumeRole.DEFAULT_DURATION, Optional.empty()));
  }

  /** Loopback by name or literal address; never resolves DNS. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || h.contains(":")) {
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
