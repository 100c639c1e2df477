package dev.awsconnectors.commons.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/** The SDK side of the policy, driven through the SDK's retry SPI with an injected clock and random source. */
class PolicyRetryStrategyTest {
  private static final RetryPolicy POLICY =
      new RetryPolicy(4, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(5));

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final PolicyRetryStrategy strategy =
      new PolicyRetryStrategy(POLICY, AwsErrors::isTransient, nanos::get, () -> 0.5, "region test");

  private static AwsServiceException service(int status, String code) {
    return AwsServiceException.builder().statusCode(status).message("irrelevant text")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
  }

  private RetryToken start() {
    return strategy.acquireInitialToken(AcquireInitialTokenRequest.create("kinesis")).token();
  }

  private RefreshRetryTokenResponse refresh(RetryToken token, Throwable failure) {
    return strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
  }

  @Test
  void retriesThrottlingWithTheJitteredBackoffUntilTheAttemptsAreSpent() {
    Throwable throttled = service(400, "ProvisionedThroughputExceededException");
    RetryToken token = start();
    RefreshRetryTokenResponse first = refresh(token, throttled);
    assertThat(first.delay()).isEqualTo(Duration.ofMillis(50));
    RefreshRetryTokenResponse second = refresh(first.token(), throttled);
    assertThat(second.delay()).isEqualTo(Duration.ofMillis(100));
    RefreshRetryTokenResponse third = refresh(second.token(), throttled);
    assertThat(third.delay()).isEqualTo(Duration.ofMillis(200));
    assertThatThrownBy(() -> refresh(third.token(), throttled))
        .isInstanceOf(TokenAcquisitionFailedException.class).hasMessageContaining("Retries spent")
        .hasCause(throttled);
    assertThat(strategy.maxAttempts()).isEqualTo(4);
    assertThat(strategy.retries()).isEqualTo(3);
  }

  @Test
  void stopsWhenTheCallsBudgetIsSpentWhateverTheAttemptsLeft() {
    RetryToken token = start();
    RefreshRetryTokenResponse first = refresh(token, service(503, "SlowDown"));
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThatThrownBy(() -> refresh(first.token(), service(503, "SlowDown")))
        .isInstanceOf(TokenAcquisitionFailedException.class);
  }

  @Test
  void eachCallHasItsOwnClockAndCount() {
    RetryToken early = start();
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    RetryToken late = start();
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThatThrownBy(() -> refresh(early, service(500, "InternalFailure")))
        .isInstanceOf(TokenAcquisitionFailedException.class);
    assertThat(refresh(late, service(500, "InternalFailure")).delay()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void retriesByStatusAndErrorCodeNeverByMessageText() {
    assertThat(refresh(start(), service(500, "")).delay()).isNotNull();
    assertThat(refresh(start(), service(429, "")).delay()).isNotNull();
    assertThat(refresh(start(), service(400, "LimitExceededException")).delay()).isNotNull();
    assertThat(refresh(start(), service(503, "SlowDown")).delay()).isNotNull();
    assertThat(refresh(start(), service(409, "ConditionalRequestConflict")).delay()).isNotNull();
    assertThat(refresh(start(), SdkClientException.create("x", new ConnectException("Connection refused"))).delay())
        .isNotNull();

    AwsServiceException looksThrottled = AwsServiceException.builder().statusCode(400)
        .message("Rate exceeded, throttling, SlowDown")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).build();
    for (Throwable permanent : new Throwable[] {looksThrottled, service(403, "AccessDenied"),
        service(404, "ResourceNotFoundException"), service(412, "PreconditionFailed")}) {
      assertThatThrownBy(() -> refresh(start(), permanent)).isInstanceOf(TokenAcquisitionFailedException.class)
          .hasMessageContaining("Not retryable");
    }
  }

  @Test
  void honoursALongerDelayTheSdkSuggestsWithinTheBudget() {
    RetryToken token = start();
    RefreshRetryTokenResponse r = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token)
        .failure(service(503, "SlowDown")).suggestedDelay(Duration.ofSeconds(3)).build());
    assertThat(r.delay()).isEqualTo(Duration.ofSeconds(3));

    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    RefreshRetryTokenResponse capped = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder()
        .token(r.token()).failure(service(503, "SlowDown")).suggestedDelay(Duration.ofSeconds(3)).build());
    assertThat(capped.delay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aRebuiltStrategyKeepsThePolicyAndRefusesAnotherBackoff() {
    PolicyRetryStrategy more = strategy.toBuilder().maxAttempts(7)
        .retryOnException(t -> t instanceof IOException).build();
    assertThat(more.maxAttempts()).isEqualTo(7);
    assertThat(more.policy().budget()).isEqualTo(POLICY.budget());
    assertThat(more.useClientDefaults()).isFalse();
    assertThatThrownBy(() -> strategy.toBuilder().backoffStrategy(n -> Duration.ZERO))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
