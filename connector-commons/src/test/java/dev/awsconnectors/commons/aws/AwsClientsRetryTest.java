package dev.awsconnectors.commons.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.awsconnectors.commons.config.Secret;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** A real SDK client built by {@link AwsClients} against a local server: the SDK retries by our policy only. */
@Timeout(30)
class AwsClientsRetryTest {
  private static final String THROTTLED = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
      + "<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
      + "<RequestId>r</RequestId></ErrorResponse>";
  private static final String DENIED = THROTTLED.replace("Throttling", "AccessDenied");
  private static final String IDENTITY = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
      + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/test</Arn><UserId>AIDTEST</UserId>"
      + "<Account>123456789012</Account></GetCallerIdentityResult>"
      + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>";

  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  /** Answers the first {@code failures} requests with {@code status}/{@code body}, the rest with an identity. */
  private URI serve(int failures, int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      boolean fail = requests.incrementAndGet() <= failures;
      byte[] answer = (fail ? body : IDENTITY).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(fail ? status : 200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static AwsConnection connection(URI endpoint, RetryPolicy retry) {
    return new AwsConnection(Optional.of(Region.US_EAST_1), Optional.of(endpoint),
        new AwsCredentialsConfig.StaticKeys("AKIDTEST", new Secret("secret"), Optional.empty()), Optional.empty(),
        retry);
  }

  private static RetryPolicy fast(int attempts) {
    return new RetryPolicy(attempts, Duration.ofSeconds(20), Duration.ofMillis(1), Duration.ofMillis(5));
  }

  @Test
  void aBurstOfThrottlingOnTheFirstCallIsRetriedAway() throws IOException {
    URI endpoint = serve(3, 400, THROTTLED);
    try (AwsClients clients = AwsClients.create(connection(endpoint, fast(4)), AwsClients.Tuning.DEFAULT);
        StsClient sts = clients.configure(StsClient.builder()).build()) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo("123456789012");
      assertThat(requests.get()).isEqualTo(4);
      assertThat(clients.retries()).isEqualTo(3);
    }
  }

  @Test
  void persistentThrottlingEndsAfterTheConfiguredAttemptsAsATransientError() throws IOException {
    URI endpoint = serve(Integer.MAX_VALUE, 400, THROTTLED);
    try (AwsClients clients = AwsClients.create(connection(endpoint, fast(3)), AwsClients.Tuning.DEFAULT);
        StsClient sts = clients.configure(StsClient.builder()).build()) {
      assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(SdkException.class, e ->
          assertThat(AwsErrors.classify(e, "calling GetCallerIdentity (" + clients.where() + ")"))
              .isInstanceOf(TransientErrorException.class)
              .hasMessageContaining("Throttling (HTTP 400)")
              .hasMessageContaining("endpoint " + endpoint));
      assertThat(requests.get()).isEqualTo(3);
    }
  }

  @Test
  void aDeniedRequestIsNotRetried() throws IOException {
    URI endpoint = serve(Integer.MAX_VALUE, 403, DENIED);
    try (AwsClients clients = AwsClients.create(connection(endpoint, fast(5)), AwsClients.Tuning.DEFAULT);
        StsClient sts = clients.configure(StsClient.builder()).build()) {
      assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(SdkException.class, e ->
          assertThat(AwsErrors.classify(e, "x")).isInstanceOf(ConfigErrorException.class));
      assertThat(requests.get()).isEqualTo(1);
    }
  }

  @Test
  void anUnreachableEndpointIsNamedWithItsCause() throws IOException {
    URI endpoint = serve(0, 200, IDENTITY);
    server.stop(0);
    server = null;
    try (AwsClients clients = AwsClients.create(connection(endpoint, fast(2)), AwsClients.Tuning.DEFAULT);
        StsClient sts = clients.configure(StsClient.builder()).build()) {
      assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(SdkException.class, e ->
          assertThat(AwsErrors.classify(e, "calling GetCallerIdentity (" + clients.where() + ")"))
              .isInstanceOf(TransientErrorException.class)
              .hasMessageContaining("endpoint " + endpoint)
              .hasMessageContaining("Connection refused"));
    }
  }
}
