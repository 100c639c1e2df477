package dev.awsconnectors.destination.kinesis.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.Answered;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.CallFailed;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.Retry;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.Stored;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsOutcome.StoredElsewhere;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient.Result;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PutRecordsOutcomeTest {
  /** Entries are names; "agg-N" entries were built for shard N, the others may land anywhere. */
  private static String predicted(String entry) {
    return entry.startsWith("agg-") ? "shardId-" + entry.substring(4) : null;
  }

  private static PutRecordsOutcome<String> classify(List<String> batch, List<Result> results) {
    return PutRecordsOutcome.classify("orders", batch, results, null, PutRecordsOutcomeTest::predicted);
  }

  @Test
  void eachEntryIsStoredStoredElsewhereOrRetriedInRequestOrder() {
    PutRecordsOutcome<String> outcome = classify(List.of("plain", "agg-1", "agg-2", "other", "third"), List.of(
        Result.ok("shardId-7", "1"),
        Result.ok("shardId-1", "2"),
        Result.ok("shardId-5", "3"),
        Result.failed("ProvisionedThroughputExceededException", "Rate exceeded"),
        Result.failed("InternalFailure", "oops")));
    assertThat(outcome).isInstanceOf(Answered.class);
    Answered<String> answered = (Answered<String>) outcome;
    assertThat(answered.entries()).containsExactly(
        new Stored<>("plain"),
        new Stored<>("agg-1"),
        new StoredElsewhere<>("agg-2", "shardId-5"),
        new Retry<>("other", "ProvisionedThroughputExceededException: Rate exceeded"),
        new Retry<>("third", "InternalFailure: oops"));
    assertThat(answered.retries()).isEqualTo(2);
    assertThat(answered.firstError()).isEqualTo("ProvisionedThroughputExceededException: Rate exceeded");
  }

  @Test
  void aFullySuccessfulAnswerHasNoError() {
    Answered<String> answered = (Answered<String>) classify(List.of("a"), List.of(Result.ok("shardId-0", "1")));
    assertThat(answered.retries()).isZero();
    assertThat(answered.firstError()).isNull();
  }

  @Test
  void unknownEntryErrorCodesAreRetried() {
    Answered<String> answered = (Answered<String>) classify(List.of("a"),
        List.of(Result.failed("SomethingNewException", "new")));
    assertThat(answered.entries()).containsExactly(new Retry<>("a", "SomethingNewException: new"));
  }

  @Test
  void aTransientFailureOfTheWholeCallFailsEveryEntry() {
    TransientErrorException throttled = new TransientErrorException("throttled (LimitExceededException)");
    PutRecordsOutcome<String> outcome = PutRecordsOutcome.classify("orders", List.of("a", "b"), null,
        new IllegalStateException("wrapped", throttled), PutRecordsOutcomeTest::predicted);
    assertThat(outcome).isEqualTo(new CallFailed<>(List.of("a", "b"), throttled));
  }

  @Test
  void otherCallFailuresAreThrownClassified() {
    ConfigErrorException denied = new ConfigErrorException("Access denied");
    assertThatThrownBy(() -> PutRecordsOutcome.classify("orders", List.of("a"), null, denied,
        PutRecordsOutcomeTest::predicted)).isSameAs(denied);
    assertThatThrownBy(() -> PutRecordsOutcome.classify("orders", List.of("a"), null,
        new UncheckedIOException(new java.io.IOException("disk")), PutRecordsOutcomeTest::predicted))
        .isInstanceOf(SystemErrorException.class).hasMessageContaining("'orders'").hasMessageContaining("disk");
  }

  @Test
  void accessAndKmsRefusalsOfAnEntryAreConfigErrors() {
    for (String code : List.of("AccessDeniedException", "KMSAccessDeniedException", "KMSDisabledException",
        "ResourceNotFoundException")) {
      assertThatThrownBy(() -> classify(List.of("a", "b"), List.of(Result.ok("shardId-0", "1"),
          Result.failed(code, "no")))).as(code).isInstanceOf(ConfigErrorException.class)
          .hasMessageContaining("'orders'").hasMessageContaining(code).hasMessageContaining("kms:GenerateDataKey");
    }
  }

  @Test
  void aRejectedEntryIsASystemError() {
    for (Map.Entry<String, String> e : Map.of("InvalidArgumentException", "too big", "ValidationException",
        "bad").entrySet()) {
      assertThatThrownBy(() -> classify(List.of("a"), List.of(Result.failed(e.getKey(), e.getValue()))))
          .isInstanceOf(SystemErrorException.class).hasMessageContaining(e.getKey() + ": " + e.getValue())
          .hasMessageContaining("nothing after it was acknowledged");
    }
  }

  @Test
  void anAnswerThatDoesNotMatchTheRequestIsASystemError() {
    assertThatThrownBy(() -> classify(List.of("a", "b"), List.of(Result.ok("shardId-0", "1"))))
        .isInstanceOf(SystemErrorException.class).hasMessageContaining("1 results for 2 records");
  }
}
