package dev.awsconnectors.source.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.LocalStackSupport;
import dev.awsconnectors.testkit.Messages;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The incremental round trip against LocalStack's Kinesis, where Docker exists; skipped cleanly without it. LocalStack
 * answers an unknown sequence number like AWS (InvalidArgumentException), unlike kinesis-mock.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSourceIT {
  @Container
  static final LocalStackContainer LOCALSTACK = LocalStackSupport.container();

  @Test
  void incrementalRunsReturnEveryRecordOnceAndAFutureStateNothing() throws Exception {
    try (KinesisClient client = KinesisClient.builder().endpointOverride(LOCALSTACK.getEndpoint())
        .region(Region.of(LOCALSTACK.getRegion()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(),
            LOCALSTACK.getSecretKey()))).build()) {
      String stream = "source-kinesis-localstack";
      client.createStream(r -> r.streamName(stream).shardCount(2));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (client.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamStatus()
          != StreamStatus.ACTIVE && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      ObjectNode config = Messages.object().put("region", LOCALSTACK.getRegion())
          .put("endpoint", LOCALSTACK.getEndpoint().toString()).put("allow_insecure_endpoint", true)
          .put("access_key_id", LOCALSTACK.getAccessKey()).put("secret_access_key", LOCALSTACK.getSecretKey());
      config.putArray("streams").add(stream);
      JsonNode catalog = SourceHarness.catalog("incremental", stream);
      KinesisWriter writer = new KinesisWriter(client, stream);

      List<JsonNode> first = writer.write(200, 10, "a");
      CollectingOutput run1 = SourceHarness.read(config, catalog, null);
      assertThat(IncrementalReadIT.payloads(run1)).containsExactlyInAnyOrderElementsOf(first);
      List<JsonNode> second = writer.write(100, 10, "b");
      CollectingOutput run2 = SourceHarness.read(config, catalog, run1.lastStatesArray());
      assertThat(IncrementalReadIT.payloads(run2)).containsExactlyInAnyOrderElementsOf(second);

      JsonNode future = dev.awsconnectors.commons.protocol.ProtocolCodec.readTreeUnchecked("[{\"type\":\"STREAM\","
          + "\"stream\":{\"stream_descriptor\":{\"name\":\"" + stream + "\"},\"stream_state\":{\"shards\":{"
          + "\"shardId-000000000000\":\"" + "9".repeat(56) + "\",\"shardId-000000000001\":\"" + "9".repeat(56)
          + "\"}}}}]");
      CollectingOutput run3 = SourceHarness.read(config, catalog, future);
      assertThat(run3.records()).isEmpty();
      assertThat(run3.states()).isNotEmpty();
    }
  }
}
