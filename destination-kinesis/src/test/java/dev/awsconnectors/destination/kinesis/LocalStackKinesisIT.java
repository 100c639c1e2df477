package dev.awsconnectors.destination.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.LocalStackSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** A small write against LocalStack, where Docker exists; skipped cleanly elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackKinesisIT {
  @Container
  static final LocalStackContainer LOCALSTACK = LocalStackSupport.container();

  @Test
  void writesAndEchoesStatesAgainstLocalStack() throws Exception {
    String config = "{\"endpoint\":\"" + LOCALSTACK.getEndpoint() + "\",\"region\":\"" + LOCALSTACK.getRegion()
        + "\",\"accessKey\":\"" + LOCALSTACK.getAccessKey() + "\",\"privateKey\":\"" + LOCALSTACK.getSecretKey()
        + "\",\"shardCount\":1,\"payload\":{\"mode\":\"data\"},\"aggregation\":true}";
    try (WriteHarness h = new WriteHarness(new KinesisDestination(), WriteHarness.config(config),
        WriteHarness.catalog("ls", "events"), s -> {})) {
      for (int i = 0; i < 20; i++) {
        h.record("ls", "events", ProtocolCodec.readTreeUnchecked("{\"i\":" + i + "}"));
      }
      h.streamState("ls", "events");
      h.finish();
      assertThat(h.states).hasSize(1);
    }
    try (KinesisClient client = KinesisClient.builder().endpointOverride(LOCALSTACK.getEndpoint())
        .region(Region.of(LOCALSTACK.getRegion())).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()))).build()) {
      List<JsonNode> read = new ArrayList<>();
      for (Shard shard : client.listShards(r -> r.streamName("ls_events")).shards()) {
        String iterator = client.getShardIterator(r -> r.streamName("ls_events").shardId(shard.shardId())
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        client.getRecords(r -> r.shardIterator(iterator)).records().forEach(rec -> {
          var users = dev.awsconnectors.kinesis.record.KplDeaggregator.deaggregate(rec.data().asByteArray());
          if (users.isPresent()) {
            users.get().forEach(u -> read.add(ProtocolCodec.readTreeUnchecked(new String(u.data(),
                java.nio.charset.StandardCharsets.UTF_8))));
          } else {
            read.add(ProtocolCodec.readTreeUnchecked(rec.data().asUtf8String()));
          }
        });
      }
      assertThat(read).hasSize(20);
    }
  }
}
