package dev.awsconnectors.source.kinesis.shard;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The few Kinesis calls the source makes, in the source's own types, so that the reading logic never sees the AWS
 * SDK and tests can inject expired iterators, rejected positions and failures.
 *
 * <p>Every call is retried inside the implementation by the connection's one retry policy (throttling, 5xx answers,
 * timeouts, lost connections), never by its callers. Failures: the ones the reader handles itself arrive as
 * {@link ShardReadException} (expired iterator, rejected position, shard not found). Every other failure arrives
 * already classified as a {@link dev.awsconnectors.commons.error.ConnectorException} whose message names the call
 * and {@link #where} it went: access denied and missing streams as config errors, faults that outlasted the retry
 * policy as transient errors. Implementations are thread-safe: shard readers call them concurrently.
 */
public interface ShardReaderClient extends AutoCloseable {

  /** One page of ListStreams; {@code nextToken} is empty on the first call. */
  StreamListPage listStreams(Optional<String> nextToken);

  /** DescribeStreamSummary. */
  StreamSummary describeStream(String stream);

  /**
   * One page of ListShards (every shard still within the retention period, open and closed). The first call names
   * the stream; later calls pass only the token, as Kinesis requires.
   */
  ShardListPage listShards(String stream, Optional<String> nextToken);

  /** GetShardIterator for {@code position}. */
  String shardIterator(String stream, String shardId, IteratorPosition position);

  /** GetRecords with {@code limit} (1..10,000). */
  RecordsPage getRecords(String iterator, int limit);

  /** Where the calls go, for messages: "region us-east-1, endpoint http://127.0.0.1:4567". */
  default String where() {
    return "the Kinesis endpoint";
  }

  /** Releases connections; the client is not used afterwards. */
  @Override
  default void close() {}

  /** One page of stream names. */
  record StreamListPage(List<String> streamNames, Optional<String> nextToken) {
    public StreamListPage {
      streamNames = List.copyOf(streamNames);
    }
  }

  /** What DescribeStreamSummary says about a stream. */
  record StreamSummary(String name, String status, Optional<Instant> createdAt, int openShardCount) {}

  /** One page of shards. */
  record ShardListPage(List<ShardDescription> shards, Optional<String> nextToken) {
    public ShardListPage {
      shards = List.copyOf(shards);
    }
  }
}
