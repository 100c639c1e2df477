package dev.awsconnectors.source.kinesis.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.ShardHashRange;
import dev.awsconnectors.source.kinesis.shard.IteratorPosition;
import dev.awsconnectors.source.kinesis.shard.RecordsPage;
import dev.awsconnectors.source.kinesis.shard.ShardDescription;
import dev.awsconnectors.source.kinesis.shard.ShardReadException;
import dev.awsconnectors.source.kinesis.shard.ShardReadException.Kind;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.AccessDeniedException;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsRequest;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The SDK adapter's translation of requests, answers and exceptions, with a scripted {@link KinesisClient}. */
class SdkShardReaderClientTest {
  private static final String SEQ = "49590338271490256608559692538361571095921575989136588898";

  /** A KinesisClient whose answers the test scripts; every request is recorded. */
  private static final class ScriptedKinesis implements KinesisClient {
    final List<Object> requests = new ArrayList<>();
    Supplier<Object> answer;

    @SuppressWarnings("unchecked")
    private <T> T answer(Object request) {
      requests.add(request);
      Object a = answer.get();
      if (a instanceof RuntimeException e) {
        throw e;
      }
      return (T) a;
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
      return answer(request);
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
      return answer(request);
    }

    @Override
    public ListShardsResponse listShards(ListShardsRequest request) {
      return answer(request);
    }

    @Override
    public ListStreamsResponse listStreams(ListStreamsRequest request) {
      return answer(request);
    }

    @Override
    public DescribeStreamSummaryResponse describeStreamSummary(DescribeStreamSummaryRequest request) {
      return answer(request);
    }

    @Override
    public String serviceName() {
      return "kinesis";
    }

    @Override
    public void close() {}
  }

  private final ScriptedKinesis sdk = new ScriptedKinesis();
  private final SdkShardReaderClient client = new SdkShardReaderClient(sdk,
      "region us-east-1, endpoint http://127.0.0.1:4567", () -> { });

  private static <T extends KinesisException.Builder> AwsServiceException error(T builder, String code, int status) {
    return (AwsServiceException) builder.message(code + " message").statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build()).build();
  }

  @Test
  void mapsAGetRecordsAnswerIntoTheSourcesTypes() {
    sdk.answer = () -> GetRecordsResponse.builder().millisBehindLatest(42L)
        .records(Record.builder().sequenceNumber(SEQ).partitionKey("pk").data(SdkBytes.fromUtf8String("{}"))
            .approximateArrivalTimestamp(Instant.parse("2024-05-01T00:00:00Z")).build())
        .childShards(ChildShard.builder().shardId("c").parentShards("p").build()).build();
    RecordsPage page = client.getRecords("it", 7);
    assertThat(((GetRecordsRequest) sdk.requests.get(0)).limit()).isEqualTo(7);
    assertThat(page.records()).hasSize(1);
    assertThat(page.records().get(0).sequenceNumber()).isEqualTo(SEQ);
    assertThat(page.shardEnded()).isTrue();
    assertThat(page.millisBehindLatest()).hasValue(42);
    assertThat(page.childShards()).containsExactly(new RecordsPage.ChildShard("c", List.of("p")));
  }

  @Test
  void classifiesGetRecordsFailuresForTheReader() {
    assertKind(() -> error(ExpiredIteratorException.builder(), "ExpiredIteratorException", 400), Kind.ITERATOR_EXPIRED);
    assertKind(() -> error(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400),
        Kind.SHARD_NOT_FOUND);
  }

  /** The SDK client retried these with the connection's policy before they reach the adapter: it only reports. */
  @Test
  void faultsThatOutlastedTheRetryPolicyAreOneTransientErrorNamingTheCallAndTheEndpoint() {
    List<Supplier<RuntimeException>> faults = List.of(
        () -> error(ProvisionedThroughputExceededException.builder(), "ProvisionedThroughputExceededException", 400),
        () -> error(KinesisException.builder(), "InternalFailure", 500),
        () -> SdkClientException.create("Unable to execute HTTP request", new java.net.ConnectException(
            "Connection refused")));
    for (Supplier<RuntimeException> fault : faults) {
      sdk.answer = fault::get;
      sdk.requests.clear();
      assertThatThrownBy(() -> client.getRecords("it", 1)).isInstanceOf(TransientErrorException.class)
          .hasMessageContaining("calling GetRecords").hasMessageContaining("endpoint http://127.0.0.1:4567");
      assertThatThrownBy(() -> client.listShards("orders", Optional.empty()))
          .isInstanceOf(TransientErrorException.class).hasMessageContaining("calling ListShards")
          .hasMessageContaining("'orders'").hasMessageContaining("region us-east-1");
      assertThatThrownBy(() -> client.shardIterator("orders", "shard-1", IteratorPosition.trimHorizon()))
          .isInstanceOf(TransientErrorException.class).hasMessageContaining("calling GetShardIterator")
          .hasMessageContaining("shard-1");
      assertThatThrownBy(() -> client.describeStream("orders")).isInstanceOf(TransientErrorException.class)
          .hasMessageContaining("calling DescribeStreamSummary");
      assertThatThrownBy(() -> client.listStreams(Optional.empty())).isInstanceOf(TransientErrorException.class)
          .hasMessageContaining("calling ListStreams");
      assertThat(sdk.requests).as("one request per call: the adapter never retries").hasSize(5);
    }
  }

  @Test
  void accessDeniedIsAConfigError() {
    sdk.answer = () -> error(AccessDeniedException.builder(), "AccessDeniedException", 400);
    assertThatThrownBy(() -> client.getRecords("it", 1)).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("Access denied");
  }

  @Test
  void aRejectedSequenceNumberIsAPositionProblemOnAwsAndOnKinesisMock() {
    for (Supplier<Object> failure : List.<Supplier<Object>>of(
        () -> error(InvalidArgumentException.builder(), "InvalidArgumentException", 400),
        () -> error(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400))) {
      sdk.answer = failure;
      assertThatThrownBy(() -> client.shardIterator("s", "shard", IteratorPosition.afterSequenceNumber(SEQ)))
          .isInstanceOfSatisfying(ShardReadException.class, e -> assertThat(e.kind())
              .isEqualTo(Kind.POSITION_REJECTED));
    }
    sdk.answer = () -> error(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400);
    assertThatThrownBy(() -> client.shardIterator("s", "shard", IteratorPosition.trimHorizon()))
        .isInstanceOfSatisfying(ShardReadException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SHARD_NOT_FOUND));
  }

  @Test
  void sendsEachPositionAsKinesisExpectsIt() {
    sdk.answer = () -> GetShardIteratorResponse.builder().shardIterator("it").build();
    Instant at = Instant.parse("2024-05-01T00:00:00Z");
    assertThat(client.shardIterator("s", "shard", IteratorPosition.atTimestamp(at))).isEqualTo("it");
    client.shardIterator("s", "shard", IteratorPosition.atSequenceNumber(SEQ));
    GetShardIteratorRequest byTime = (GetShardIteratorRequest) sdk.requests.get(0);
    GetShardIteratorRequest bySequence = (GetShardIteratorRequest) sdk.requests.get(1);
    assertThat(byTime.shardIteratorTypeAsString()).isEqualTo("AT_TIMESTAMP");
    assertThat(byTime.timestamp()).isEqualTo(at);
    assertThat(bySequence.shardIteratorTypeAsString()).isEqualTo("AT_SEQUENCE_NUMBER");
    assertThat(bySequence.startingSequenceNumber()).isEqualTo(SEQ);
    assertThat(bySequence.streamName()).isEqualTo("s");
  }

  @Test
  void listShardsNamesTheStreamOnlyOnTheFirstPage() {
    sdk.answer = () -> ListShardsResponse.builder().nextToken("t2").shards(Shard.builder().shardId("a")
        .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("1")
            .endingSequenceNumber("9223372036854775807").build()).build(),
        Shard.builder().shardId("b").parentShardId("a").adjacentParentShardId("z").build()).build();
    ShardReaderClient.ShardListPage page = client.listShards("s", Optional.empty());
    client.listShards("s", Optional.of("t2"));
    assertThat(page.nextToken()).contains("t2");
    assertThat(page.shards().get(0).closed()).isTrue();
    assertThat(page.shards().get(1).parents()).containsExactly("a", "z");
    ListShardsRequest first = (ListShardsRequest) sdk.requests.get(0);
    ListShardsRequest second = (ListShardsRequest) sdk.requests.get(1);
    assertThat(first.streamName()).isEqualTo("s");
    assertThat(first.nextToken()).isNull();
    assertThat(second.streamName()).isNull();
    assertThat(second.nextToken()).isEqualTo("t2");
  }

  @Test
  void carriesTheHashKeyRangesOfListedShardsAndOfChildren() {
    String max = HashKeys.MAX.toString();
    sdk.answer = () -> ListShardsResponse.builder().shards(
        Shard.builder().shardId("a").hashKeyRange(HashKeyRange.builder().startingHashKey("0")
            .endingHashKey("170141183460469231731687303715884105727").build()).build(),
        Shard.builder().shardId("b").build(),
        Shard.builder().shardId("c").hashKeyRange(HashKeyRange.builder().startingHashKey("5")
            .endingHashKey("4").build()).build()).build();
    List<ShardDescription> shards = client.listShards("s", Optional.empty()).shards();
    assertThat(shards.get(0).hashRange()).isEqualTo(ShardHashRange.of("0", "170141183460469231731687303715884105727"));
    assertThat(shards.get(1).hashRange()).as("none given").isEqualTo(ShardHashRange.WHOLE);
    assertThat(shards.get(2).hashRange()).as("not a range: never drop there").isEqualTo(ShardHashRange.WHOLE);

    sdk.answer = () -> GetRecordsResponse.builder().childShards(ChildShard.builder().shardId("c").parentShards("p")
        .hashKeyRange(HashKeyRange.builder().startingHashKey("1").endingHashKey(max).build()).build()).build();
    assertThat(client.getRecords("it", 1).childShards()).containsExactly(new RecordsPage.ChildShard("c",
        List.of("p"), ShardHashRange.of("1", max)));
  }

  @Test
  void aMissingStreamIsAConfigErrorNamingIt() {
    sdk.answer = () -> error(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400);
    assertThatThrownBy(() -> client.describeStream("orders")).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("'orders'").hasMessageContaining("region us-east-1");
  }

  @Test
  void streamListingsWithoutTokensContinueAfterTheLastName() {
    sdk.answer = () -> ListStreamsResponse.builder().streamNames("a", "b").hasMoreStreams(true).build();
    ShardReaderClient.StreamListPage page = client.listStreams(Optional.empty());
    assertThat(page.streamNames()).containsExactly("a", "b");
    sdk.answer = () -> ListStreamsResponse.builder().streamNames("c").hasMoreStreams(false).build();
    assertThat(client.listStreams(page.nextToken()).nextToken()).isEmpty();
    assertThat(((ListStreamsRequest) sdk.requests.get(1)).exclusiveStartStreamName()).isEqualTo("b");
  }

  private void assertKind(Supplier<RuntimeException> failure, Kind kind) {
    sdk.answer = failure::get;
    assertThatThrownBy(() -> client.getRecords("it", 1)).isInstanceOfSatisfying(ShardReadException.class,
        e -> assertThat(e.kind()).isEqualTo(kind));
  }
}
