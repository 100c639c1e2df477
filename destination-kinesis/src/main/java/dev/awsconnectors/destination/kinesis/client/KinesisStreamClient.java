package dev.awsconnectors.destination.kinesis.client;

import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.StreamMode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Kinesis calls the destination makes, without SDK types: the seam where tests inject throttling and partial
 * failures. Every method may be called from several threads. Each call is retried by the connection's retry policy
 * before it fails; a failure is thrown as a {@link dev.awsconnectors.commons.error.ConnectorException}, already
 * classified, whose message names the call and {@link #where()} it went:
 * {@link dev.awsconnectors.commons.error.TransientErrorException} means the fault persisted through the retries.
 *
 * <p>Lifecycle: created by {@link KinesisStreamClientFactory} for one check or write, closed by its creator.
 */
public interface KinesisStreamClient extends AutoCloseable {

  enum Status { CREATING, DELETING, ACTIVE, UPDATING, OTHER }

  /** What DescribeStreamSummary tells; {@code maxRecordSizeKiB} is empty where the service does not report it. */
  record StreamSummary(String name, Status status, OptionalInt maxRecordSizeKiB, int openShards) {}

  /** One entry of a PutRecords request. */
  interface Entry {
    String partitionKey();

    /** May be null. */
    String explicitHashKey();

    byte[] data();
  }

  /** The outcome of one entry: a shard and sequence number, or an error code and message. */
  record Result(String shardId, String sequenceNumber, String errorCode, String errorMessage) {
    public boolean succeeded() {
      return errorCode == null;
    }

    public static Result ok(String shardId, String sequenceNumber) {
      return new Result(shardId, sequenceNumber, null, null);
    }

    public static Result failed(String errorCode, String errorMessage) {
      return new Result(null, null, errorCode, errorMessage);
    }
  }

  /** DescribeStreamSummary; empty if the stream does not exist. */
  Optional<StreamSummary> describe(String stream);

  /** The first {@code limit} stream names (ListStreams), to prove the credentials work. */
  List<String> listStreams(int limit);

  /** CreateStream; a stream that exists already (ResourceInUseException) is not an error. */
  void createStream(String stream, StreamMode mode, int shardCount);

  /** ListShards, every page: open and closed shards with their hash-key ranges. */
  ShardMap listShards(String stream);

  /** PutRecords: one result per entry, in the entries' order. */
  List<Result> putRecords(String stream, List<? extends Entry> entries);

  /** Where the calls go, for messages: "region us-east-1, endpoint http://127.0.0.1:4567". */
  String where();

  @Override
  void close();
}
