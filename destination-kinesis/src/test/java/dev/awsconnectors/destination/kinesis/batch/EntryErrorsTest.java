package dev.awsconnectors.destination.kinesis.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.destination.kinesis.batch.EntryErrors.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryErrorsTest {
  @ParameterizedTest
  @CsvSource({
      "ProvisionedThroughputExceededException, RETRY",
      "InternalFailure, RETRY",
      "KMSThrottlingException, RETRY",
      "ServiceUnavailable, RETRY",
      "SomethingNew, RETRY",
      "KMSAccessDeniedException, CONFIG_ERROR",
      "KMSDisabledException, CONFIG_ERROR",
      "KMSNotFoundException, CONFIG_ERROR",
      "KMSInvalidStateException, CONFIG_ERROR",
      "KMSOptInRequired, CONFIG_ERROR",
      "AccessDeniedException, CONFIG_ERROR",
      "ResourceNotFoundException, CONFIG_ERROR",
      "InvalidArgumentException, REJECTED",
      "ValidationException, REJECTED"})
  void classifiesEntryErrorCodes(String code, Outcome expected) {
    assertThat(EntryErrors.classify(code)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void aMissingCodeIsRetried() {
    assertThat(EntryErrors.classify(null)).isEqualTo(Outcome.RETRY);
  }
}
