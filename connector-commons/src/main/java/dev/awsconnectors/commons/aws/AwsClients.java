package dev.awsconnectors.commons.aws;

import dev.awsconnectors.commons.error.ConfigErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds SDK clients from an {@link AwsConnection}: one HTTP client, one credentials provider (assuming the role if
 * configured) and one retry policy, shared by every client it configures. Owns them: close it after the clients.
 *
 * <p>Every call of every client it configures (the STS calls of an assumed role included) is retried by the
 * connection's {@link RetryPolicy} through {@link PolicyRetryStrategy}, and bounded by the policy's budget: callers
 * must not retry SDK calls themselves.
 *
 * <p>Credentials and region are resolved when it is created, so a missing or rejected credential is reported as a
 * config error before any work starts.
 */
public final class AwsClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);
  /** Signing region when a custom endpoint is used without a region (emulators and most S3-compatible stores). */
  private static final Region FALLBACK_SIGNING_REGION = Region.US_EAST_1;

  private final AwsConnection connection;
  private final Region region;
  private final SdkHttpClient httpClient;
  private final AwsCredentialsProvider credentials;
  private final PolicyRetryStrategy retryStrategy;
  private final ClientOverrideConfiguration overrides;
  private final List<SdkAutoCloseable> owned = new ArrayList<>();

  private AwsClients(AwsConnection connection, Tuning tuning) {
    this.connection = connection;
    this.region = resolveRegion(connection);
    this.httpClient = ApacheHttpClient.builder()
        .maxConnections(tuning.maxConnections())
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(tuning.socketTimeout())
        .tcpKeepAlive(true)
        .build();
    RetryPolicy policy = connection.retry();
    this.retryStrategy = new PolicyRetryStrategy(policy, AwsErrors::isTransient, System::nanoTime,
        () -> ThreadLocalRandom.current().nextDouble(), where(connection, region));
    // The budget bounds the whole call, retries and waits included, so a persistent fault ends within it.
    this.overrides = ClientOverrideConfiguration.builder()
        .retryStrategy(retryStrategy)
        .apiCallTimeout(policy.budget())
        .apiCallAttemptTimeout(min(tuning.attemptTimeout(), policy.budget()))
        .build();
    this.credentials = buildCredentials();
  }

  /**
   * HTTP and retry settings.
   *
   * @param maxConnections the size of the connection pool; at least the number of concurrent requests
   */
  public record Tuning(int maxConnections, Duration socketTimeout, Duration attemptTimeout) {
    public static final Tuning DEFAULT = new Tuning(50, Duration.ofSeconds(60), Duration.ofSeconds(120));
  }

  /** Builds the shared pieces and resolves the credentials; a failure is a {@link ConfigErrorException}. */
  public static AwsClients create(AwsConnection connection, Tuning tuning) {
    AwsClients clients = new AwsClients(connection, tuning);
    try {
      clients.credentials.resolveCredentials();
    } catch (SdkException e) {
      clients.close();
      throw AwsErrors.classify(e, connection.assumeRole()
          .map(r -> "assuming the role " + r.roleArn()).orElse("loading the AWS credentials"));
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
    LOG.info("AWS connection: {}", connection.describe());
    return clients;
  }

  /** The policy every client retries with, for the few retries a connector does itself (see {@link RetryPolicy}). */
  public RetryPolicy retryPolicy() {
    return retryStrategy.policy();
  }

  /** How many retries the clients made so far, for summaries. */
  public long retries() {
    return retryStrategy.retries();
  }

  /** "region us-east-1, endpoint http://127.0.0.1:4567", for messages: where the calls go. */
  public String where() {
    return where(connection, region);
  }

  /** Applies region, endpoint, credentials, HTTP client and retry policy to {@code builder}. */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
    builder.region(region).credentialsProvider(credentials).httpClient(httpClient).overrideConfiguration(overrides);
    connection.endpoint().ifPresent(builder::endpointOverride);
    return builder;
  }

  public Region region() {
    return region;
  }

  public AwsConnection connection() {
    return connection;
  }

  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    owned.clear();
    httpClient.close();
  }

  private AwsCredentialsProvider buildCredentials() {
    AwsCredentialsProvider base;
    if (connection.credentials() instanceof AwsCredentialsConfig.StaticKeys keys) {
      base = StaticCredentialsProvider.create(keys.sessionToken()
          .<AwsCredentials>map(token -> AwsSessionCredentials.create(keys.accessKeyId(),
              keys.secretAccessKey().reveal(), token.reveal()))
          .orElseGet(() -> AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey().reveal())));
    } else {
      base = own(DefaultCredentialsProvider.builder().build());
    }
    if (connection.assumeRole().isEmpty()) {
      return base;
    }
    AssumeRole role = connection.assumeRole().get();
    var sts = StsClient.builder().region(region).credentialsProvider(base).httpClient(httpClient)
        .overrideConfiguration(overrides);
    role.stsEndpoint().ifPresent(sts::endpointOverride);
    StsClient stsClient = own(sts.build());
    return own(StsAssumeRoleCredentialsProvider.builder()
        .stsClient(stsClient)
        .asyncCredentialUpdateEnabled(false)
        .refreshRequest(r -> {
          r.roleArn(role.roleArn()).roleSessionName(role.sessionName())
              .durationSeconds((int) role.sessionDuration().toSeconds());
          role.externalId().ifPresent(id -> r.externalId(id.reveal()));
        })
        .build());
  }

  private <T extends SdkAutoCloseable> T own(T closeable) {
    owned.add(closeable);
    return closeable;
  }

  private static String where(AwsConnection connection, Region region) {
    return "region " + region.id() + connection.endpoint().map(e -> ", endpoint " + e).orElse("");
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Region resolveRegion(AwsConnection connection) {
    if (connection.region().isPresent()) {
      return connection.region().get();
    }
    if (connection.endpoint().isPresent()) {
      return FALLBACK_SIGNING_REGION;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkException e) {
      throw new ConfigErrorException("No AWS region is configured and none could be found in the environment "
          + "(AWS_REGION, profile, instance metadata). Set the region in the configuration.", e);
    }
  }
}
