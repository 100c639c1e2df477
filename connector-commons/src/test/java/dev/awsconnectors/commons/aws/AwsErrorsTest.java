package dev.awsconnectors.commons.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {

  private static AwsServiceException service(int status, String code) {
    return AwsServiceException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("message text").build()).build();
  }

  @Test
  void classifiesAccessProblemsAsConfigErrors() {
    assertThat(AwsErrors.classify(service(403, "AccessDenied"), "listing streams"))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("Access denied while listing streams");
    assertThat(AwsErrors.classify(service(400, "UnrecognizedClientException"), "x"))
        .isInstanceOf(ConfigErrorException.class);
    assertThat(AwsErrors.classify(service(400, "ResourceNotFoundException"), "x"))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("Not found");
  }

  @Test
  void classifiesThrottlingServerErrorsAndNetworkAsTransient() {
    assertThat(AwsErrors.classify(service(400, "ProvisionedThroughputExceededException"), "x"))
        .isInstanceOf(TransientErrorException.class);
    assertThat(AwsErrors.classify(service(503, "SlowDown"), "x")).isInstanceOf(TransientErrorException.class);
    assertThat(AwsErrors.classify(service(500, "InternalFailure"), "x")).isInstanceOf(TransientErrorException.class);
    assertThat(AwsErrors.classify(SdkClientException.create("connection refused"), "x"))
        .isInstanceOf(TransientErrorException.class);
  }

  @Test
  void classifiesOtherRejectionsAsSystemErrors() {
    assertThat(AwsErrors.classify(service(400, "ValidationException"), "x")).isInstanceOf(SystemErrorException.class);
  }

  @Test
  void neverDecidesFromMessageText() {
    AwsServiceException e = AwsServiceException.builder().statusCode(400).message("Access Denied throttling")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidArgumentException").build()).build();

    assertThat(AwsErrors.classify(e, "x")).isInstanceOf(SystemErrorException.class);
  }
}
