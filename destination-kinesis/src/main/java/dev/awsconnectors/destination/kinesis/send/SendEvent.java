package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient.Result;
import java.util.List;

/**
 * What crosses to the send loop's thread through its {@link EventInbox}: runs of records and wake-ups from the
 * writer's thread ({@link SendIntake}), the outcomes of PutRecords and ListShards calls from their executors.
 */
sealed interface SendEvent {
  /** A run of records of one Kinesis stream, in the order the writer took them ({@link RecordRuns}). */
  record Incoming(String stream, List<Member> members) implements SendEvent {}

  /** A PutRecords call of the lane's {@code batch} ended: with its {@code results}, or with {@code error}. */
  record Completed(Lane lane, List<PutEntry> batch, List<Result> results, Throwable error) implements SendEvent {}

  /** A ListShards call ended. */
  record Listed(ShardMapCache.Listing listing) implements SendEvent {}

  /** A state arrived ({@code finish} false: send what it covers) or the input ended ({@code finish} true). */
  record Wake(boolean finish) implements SendEvent {}
}
