package dev.awsconnectors.destination.kinesis.batch;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What one PutRecords call did with each of its entries, decided from the answer alone (shard IDs and error codes):
 * stored on the shard it was built for, stored on another shard (an aggregate after a reshard), or to be tried
 * again; or the whole call failed with a transient error. What retrying cannot fix is thrown by {@link #classify}:
 * access or KMS refusals, a record Kinesis rejects, an answer that does not match the request. Pure.
 *
 * @param <E> the entry type
 */
public sealed interface PutRecordsOutcome<E> {

  /** Kinesis answered: one outcome per entry, in the request's order. */
  record Answered<E>(List<EntryOutcome<E>> entries, int retries, String firstError) implements PutRecordsOutcome<E> {}

  /** The call failed as a whole with a failure worth trying again (throttling, 5xx, network), after the SDK's retries. */
  record CallFailed<E>(List<E> entries, TransientErrorException error) implements PutRecordsOutcome<E> {}

  /** What happened to one entry. */
  sealed interface EntryOutcome<E> {
    E entry();
  }

  /** Stored where it was meant to go (or anywhere, for an entry without a predicted shard). */
  record Stored<E>(E entry) implements EntryOutcome<E> {}

  /** An entry built for a predicted shard was stored on {@code shardId} instead. */
  record StoredElsewhere<E>(E entry, String shardId) implements EntryOutcome<E> {}

  /** Not stored; worth trying again ({@code error} is the code and message Kinesis gave). */
  record Retry<E>(E entry, String error) implements EntryOutcome<E> {}

  /**
   * @param batch the entries of the request, in order
   * @param results the answer's entries, or null if the call failed
   * @param error the call's failure, or null if it was answered
   * @param predictedShard the shard an entry was built for, or null if it may land anywhere
   * @throws ConnectorException if the outcome cannot be fixed by retrying
   */
  static <E> PutRecordsOutcome<E> classify(String stream, List<E> batch, List<Result> results, Throwable error,
      Function<E, String> predictedShard) {
    if (error != null) {
      ConnectorException classified = ConnectorException.find(error).orElse(null);
      if (classified instanceof TransientErrorException transientError) {
        return new CallFailed<>(batch, transientError);
      }
      throw classified != null ? classified : new SystemErrorException("PutRecords to the Kinesis stream '" + stream
          + "' failed: " + error, error);
    }
    if (results.size() != batch.size()) {
      throw new SystemErrorException("PutRecords to the Kinesis stream '" + stream + "' answered " + results.size()
          + " results for " + batch.size() + " records.");
    }
    List<EntryOutcome<E>> outcomes = new ArrayList<>(batch.size());
    int retries = 0;
    String firstError = null;
    for (int i = 0; i < batch.size(); i++) {
      E entry = batch.get(i);
      Result result = results.get(i);
      if (result.succeeded()) {
        String predicted = predictedShard.apply(entry);
        outcomes.add(predicted == null || predicted.equals(result.shardId()) ? new Stored<>(entry)
            : new StoredElsewhere<>(entry, result.shardId()));
        continue;
      }
      String message = result.errorCode() + ": " + result.errorMessage();
      switch (EntryErrors.classify(result.errorCode())) {
        case RETRY -> {
          retries++;
          firstError = firstError == null ? message : firstError;
          outcomes.add(new Retry<>(entry, message));
        }
        case CONFIG_ERROR -> throw new ConfigErrorException("Kinesis refused records for the stream '" + stream
            + "' (" + message + "). Check the IAM policy (kinesis:PutRecords, and kms:GenerateDataKey on the "
            + "stream's KMS key if it is encrypted) and the stream.");
        case REJECTED -> throw new SystemErrorException("Kinesis rejected a record for the stream '" + stream
            + "' (" + message + "). It was not written; nothing after it was acknowledged.");
      }
    }
    return new Answered<>(outcomes, retries, firstError);
  }
}
