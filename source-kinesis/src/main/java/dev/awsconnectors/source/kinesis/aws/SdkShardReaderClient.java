package dev.awsconnectors.source.kinesis.aws;

import dev.awsconnectors.commons.aws.AwsClients;
import dev.awsconnectors.commons.aws.AwsErrors;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.kinesis.record.ShardHashRange;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.shard.IteratorPosition;
import dev.awsconnectors.source.kinesis.shard.KinesisRecord;
import dev.awsconnectors.source.kinesis.shard.RecordsPage;
import dev.awsconnectors.source.kinesis.shard.ShardDescription;
import dev.awsconnectors.source.kinesis.shard.ShardReadException;
import dev.awsconnectors.source.kinesis.shard.ShardReadException.Kind;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsRequest;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * The {@link ShardReaderClient} over the AWS SDK's {@link KinesisClient}: the one place that sees SDK types and
 * classifies SDK exceptions, from exception types and error codes only. Every call is retried by the connection's
 * one retry policy, which {@link AwsClients} installs in the client: nothing here retries or waits. A failure that
 * outlasts the policy becomes one classified error naming the call and the endpoint; the few answers the shard
 * reader handles itself (expired iterator, rejected position, vanished shard) become {@link ShardReadException}s.
 */
public final class SdkShardReaderClient implements ShardReaderClient {
  private static final Logger LOG = LoggerFactory.getLogger(SdkShardReaderClient.class);
  private static final String START_AFTER = "exclusive-start:";

  private final KinesisClient kinesis;
  private final String where;
  private final Runnable closeResources;

  /**
   * @param where the region and endpoint, for messages
   * @param closeResources closes what the client uses (HTTP client, credentials), after the client itself
   */
  SdkShardReaderClient(KinesisClient kinesis, String where, Runnable closeResources) {
    this.kinesis = kinesis;
    this.where = where;
    this.closeResources = closeResources;
  }

  /**
   * Resolves the credentials (a config error if that fails) and builds the client with the connection's retry
   * policy, its connection pool sized for one call per shard read in parallel.
   */
  public static SdkShardReaderClient open(KinesisSourceConfig config) {
    AwsClients clients = AwsClients.create(config.aws(), new AwsClients.Tuning(config.maxConcurrentShards() + 8,
        Duration.ofSeconds(60), Duration.ofSeconds(120)));
    try {
      return new SdkShardReaderClient(clients.configure(KinesisClient.builder()).build(), clients.where(),
          clients::close);
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
  }

  @Override
  public String where() {
    return where;
  }

  @Override
  public StreamListPage listStreams(Optional<String> nextToken) {
    ListStreamsRequest.Builder request = ListStreamsRequest.builder();
    nextToken.ifPresent(t -> {
      if (t.startsWith(START_AFTER)) {
        request.exclusiveStartStreamName(t.substring(START_AFTER.length()));
      } else {
        request.nextToken(t);
      }
    });
    ListStreamsResponse response;
    try {
      response = kinesis.listStreams(request.build());
    } catch (SdkException e) {
      throw classify(e, "ListStreams", null);
    }
    Optional<String> next = Optional.ofNullable(response.nextToken());
    if (next.isEmpty() && Boolean.TRUE.equals(response.hasMoreStreams()) && !response.streamNames().isEmpty()) {
      next = Optional.of(START_AFTER + response.streamNames().get(response.streamNames().size() - 1));
    }
    return new StreamListPage(response.streamNames(), next);
  }

  @Override
  public StreamSummary describeStream(String stream) {
    StreamDescriptionSummary s;
    try {
      s = kinesis.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary();
    } catch (SdkException e) {
      throw classify(e, "DescribeStreamSummary", stream);
    }
    return new StreamSummary(s.streamName(), s.streamStatusAsString(),
        Optional.ofNullable(s.streamCreationTimestamp()),
        s.openShardCount() == null ? 0 : s.openShardCount());
  }

  @Override
  public ShardListPage listShards(String stream, Optional<String> nextToken) {
    // Kinesis rejects StreamName together with NextToken.
    ListShardsRequest request = nextToken.map(t -> ListShardsRequest.builder().nextToken(t).build())
        .orElseGet(() -> ListShardsRequest.builder().streamName(stream).build());
    ListShardsResponse response;
    try {
      response = kinesis.listShards(request);
    } catch (SdkException e) {
      throw classify(e, "ListShards", stream);
    }
    List<ShardDescription> shards = new ArrayList<>(response.shards().size());
    for (Shard s : response.shards()) {
      boolean closed = s.sequenceNumberRange() != null && s.sequenceNumberRange().endingSequenceNumber() != null;
      shards.add(new ShardDescription(s.shardId(), Optional.ofNullable(s.parentShardId()),
          Optional.ofNullable(s.adjacentParentShardId()), closed, hashRange(s.hashKeyRange())));
    }
    return new ShardListPage(shards, Optional.ofNullable(response.nextToken()));
  }

  @Override
  public String shardIterator(String stream, String shardId, IteratorPosition position) {
    GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder().streamName(stream).shardId(shardId)
        .shardIteratorType(ShardIteratorType.fromValue(position.type().name()));
    position.sequenceNumber().ifPresent(request::startingSequenceNumber);
    position.timestamp().ifPresent(request::timestamp);
    try {
      return kinesis.getShardIterator(request.build()).shardIterator();
    } catch (SdkException e) {
      if (e instanceof InvalidArgumentException || e instanceof ResourceNotFoundException) {
        if (position.hasSequenceNumber()) {
          throw new ShardReadException(Kind.POSITION_REJECTED, errorCode(e), e);
        }
        if (e instanceof ResourceNotFoundException) {
          throw new ShardReadException(Kind.SHARD_NOT_FOUND, errorCode(e), e);
        }
      }
      throw classify(e, "GetShardIterator (" + position.type() + ") for shard " + shardId, stream);
    }
  }

  @Override
  public RecordsPage getRecords(String iterator, int limit) {
    GetRecordsResponse response;
    try {
      response = kinesis.getRecords(r -> r.shardIterator(iterator).limit(limit));
    } catch (SdkException e) {
      if (e instanceof ResourceNotFoundException) {
        throw new ShardReadException(Kind.SHARD_NOT_FOUND, errorCode(e), e);
      }
      if (e instanceof ExpiredIteratorException) {
        throw new ShardReadException(Kind.ITERATOR_EXPIRED, errorCode(e), e);
      }
      throw classify(e, "GetRecords", null);
    }
    List<KinesisRecord> records = new ArrayList<>(response.records().size());
    for (Record r : response.records()) {
      Instant arrival = r.approximateArrivalTimestamp() == null ? Instant.EPOCH : r.approximateArrivalTimestamp();
      records.add(new KinesisRecord(r.sequenceNumber(), arrival, r.partitionKey(), r.data().asByteArrayUnsafe()));
    }
    List<RecordsPage.ChildShard> children = new ArrayList<>();
    if (response.hasChildShards()) {
      response.childShards().forEach(c -> children.add(new RecordsPage.ChildShard(c.shardId(), c.parentShards(),
          hashRange(c.hashKeyRange()))));
    }
    return new RecordsPage(records, Optional.ofNullable(response.nextShardIterator()),
        response.millisBehindLatest() == null ? OptionalLong.empty() : OptionalLong.of(response.millisBehindLatest()),
        children);
  }

  @Override
  public void close() {
    kinesis.close();
    closeResources.run();
  }

  /** The range Kinesis gave, or the whole key space if it gave none or one that is not a range (never drop then). */
  private static ShardHashRange hashRange(HashKeyRange range) {
    if (range == null || range.startingHashKey() == null || range.endingHashKey() == null) {
      return ShardHashRange.WHOLE;
    }
    try {
      return ShardHashRange.of(range.startingHashKey(), range.endingHashKey());
    } catch (IllegalArgumentException e) {
      LOG.warn("Kinesis returned a hash key range that is not one ({}); no record is treated as misplaced there",
          e.getMessage());
      return ShardHashRange.WHOLE;
    }
  }

  /**
   * The error for a failure that outlasted the retry policy (or needs no retry): a missing stream is a config error
   * naming it; anything else is classified by {@link AwsErrors}, naming the call and where it went.
   */
  private ConnectorException classify(SdkException e, String call, String stream) {
    if (e instanceof ResourceNotFoundException && stream != null) {
      return new ConfigErrorException("The Kinesis stream '" + stream + "' does not exist in " + where
          + ". Check the stream name, the region and the endpoint, or remove the stream from the configuration "
          + "and the catalog.", e);
    }
    return AwsErrors.classify(e, "calling " + call + (stream == null ? "" : " on the Kinesis stream '" + stream
        + "'") + " (" + where + ")");
  }

  private static String errorCode(SdkException e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      String code = a.awsErrorDetails().errorCode();
      String message = a.awsErrorDetails().errorMessage();
      return (code == null ? a.getClass().getSimpleName() : code) + (message == null ? "" : ": " + message);
    }
    return e.getClass().getSimpleName();
  }
}
