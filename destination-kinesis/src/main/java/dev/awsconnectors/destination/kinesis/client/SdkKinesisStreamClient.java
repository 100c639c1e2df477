package dev.awsconnectors.destination.kinesis.client;

import dev.awsconnectors.commons.aws.AwsClients;
import dev.awsconnectors.commons.aws.AwsConnection;
import dev.awsconnectors.commons.aws.AwsErrors;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.StreamMode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamModeDetails;

/**
 * {@link KinesisStreamClient} on the AWS SDK v2: the one place that sees SDK types and classifies SDK errors. Its
 * SDK client comes from {@link AwsClients}, so every call, setup calls included, is retried by the one retry policy;
 * nothing here retries.
 */
public final class SdkKinesisStreamClient implements KinesisStreamClient {
  private final AwsClients clients;
  private final KinesisClient kinesis;

  private SdkKinesisStreamClient(AwsClients clients) {
    this.clients = clients;
    this.kinesis = clients.configure(KinesisClient.builder()).build();
  }

  /** The production factory: resolves credentials eagerly (a config error if they are missing or refused). */
  public static KinesisStreamClient create(AwsConnection connection, int concurrency) {
    AwsClients clients = AwsClients.create(connection,
        new AwsClients.Tuning(Math.max(8, concurrency + 4), Duration.ofSeconds(60), Duration.ofSeconds(60)));
    try {
      return new SdkKinesisStreamClient(clients);
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
  }

  @Override
  public Optional<StreamSummary> describe(String stream) {
    try {
      StreamDescriptionSummary s = kinesis.describeStreamSummary(r -> r.streamName(stream))
          .streamDescriptionSummary();
      Status status = switch (s.streamStatus() == null ? software.amazon.awssdk.services.kinesis.model.StreamStatus
          .UNKNOWN_TO_SDK_VERSION : s.streamStatus()) {
        case CREATING -> Status.CREATING;
        case DELETING -> Status.DELETING;
        case ACTIVE -> Status.ACTIVE;
        case UPDATING -> Status.UPDATING;
        default -> Status.OTHER;
      };
      OptionalInt maxKiB = s.maxRecordSizeInKiB() == null ? OptionalInt.empty()
          : OptionalInt.of(s.maxRecordSizeInKiB());
      return Optional.of(new StreamSummary(s.streamName(), status, maxKiB,
          s.openShardCount() == null ? 0 : s.openShardCount()));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failed(e, "DescribeStreamSummary", stream);
    }
  }

  @Override
  public List<String> listStreams(int limit) {
    try {
      return kinesis.listStreams(r -> r.limit(limit)).streamNames();
    } catch (SdkException e) {
      throw failed(e, "ListStreams", null);
    }
  }

  @Override
  public void createStream(String stream, StreamMode mode, int shardCount) {
    try {
      kinesis.createStream(r -> {
        r.streamName(stream);
        if (mode == StreamMode.ON_DEMAND) {
          r.streamModeDetails(StreamModeDetails.builder().streamMode("ON_DEMAND").build());
        } else {
          r.shardCount(shardCount);
        }
      });
    } catch (ResourceInUseException e) {
      // Created meanwhile by someone else (another sync): fine, we wait for ACTIVE like for our own.
    } catch (SdkException e) {
      throw failed(e, "CreateStream", stream);
    }
  }

  @Override
  public ShardMap listShards(String stream) {
    try {
      List<ShardMap.ShardRange> shards = new ArrayList<>();
      String token = null;
      do {
        String next = token;
        ListShardsResponse page = next == null ? kinesis.listShards(r -> r.streamName(stream))
            : kinesis.listShards(r -> r.nextToken(next));
        for (Shard s : page.shards()) {
          shards.add(new ShardMap.ShardRange(s.shardId(), new BigInteger(s.hashKeyRange().startingHashKey()),
              new BigInteger(s.hashKeyRange().endingHashKey()),
              s.sequenceNumberRange() == null || s.sequenceNumberRange().endingSequenceNumber() == null));
        }
        token = page.nextToken();
      } while (token != null);
      return new ShardMap(shards);
    } catch (SdkException e) {
      throw failed(e, "ListShards", stream);
    }
  }

  @Override
  public List<Result> putRecords(String stream, List<? extends Entry> entries) {
    List<PutRecordsRequestEntry> request = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      request.add(PutRecordsRequestEntry.builder()
          .partitionKey(e.partitionKey())
          .explicitHashKey(e.explicitHashKey())
          .data(SdkBytes.fromByteArrayUnsafe(e.data()))
          .build());
    }
    PutRecordsResponse response;
    try {
      response = kinesis.putRecords(r -> r.streamName(stream).records(request));
    } catch (SdkException e) {
      throw failed(e, "PutRecords", stream);
    }
    List<Result> results = new ArrayList<>(entries.size());
    for (PutRecordsResultEntry r : response.records()) {
      results.add(r.errorCode() == null ? Result.ok(r.shardId(), r.sequenceNumber())
          : Result.failed(r.errorCode(), r.errorMessage()));
    }
    return results;
  }

  @Override
  public String where() {
    return clients.where();
  }

  @Override
  public void close() {
    kinesis.close();
    clients.close();
  }

  /** "calling kinesis:PutRecords on the stream 'orders' (region us-east-1, endpoint ...)": the call and where. */
  private ConnectorException failed(SdkException e, String operation, String stream) {
    return AwsErrors.classify(e, "calling kinesis:" + operation + (stream == null ? "" : " on the stream '" + stream
        + "'") + " (" + clients.where() + ")");
  }
}
