package dev.awsconnectors.source.kinesis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.testkit.KinesisMock;
import dev.awsconnectors.testkit.Messages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Prints how long {@code discover} takes on streams of 4 and of 64 shards on kinesis-mock: with schema inference
 * (the default: a sample of the oldest and newest records of every shard) next to the bare discover without it
 * ({@code infer_schema: false}: DescribeStreamSummary only), in the same JVM and run. The median of several rounds.
 *
 * <pre>
 * java -cp <the module's test classpath> dev.awsconnectors.source.kinesis.DiscoverBenchmark \
 *     [-Dbench.shards=4,64] [-Dbench.recordsPerShard=200] [-Dbench.rounds=5]
 * </pre>
 */
public final class DiscoverBenchmark {
  private DiscoverBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] shardCounts = Arrays.stream(System.getProperty("bench.shards", "4,64").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int perShard = Integer.getInteger("bench.recordsPerShard", 200);
    int rounds = Integer.getInteger("bench.rounds", 5);
    try (KinesisMock mock = KinesisMock.start(); KinesisClient client = mock.client()) {
      System.out.printf(Locale.ROOT, "kinesis-mock at %s; %d typed JSON records per shard; median of %d rounds; "
          + "%d CPUs; load average %s%n", mock.endpoint(), perShard, rounds,
          Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      for (int shards : shardCounts) {
        String stream = "bench-discover-" + shards + "-" + System.currentTimeMillis();
        create(client, stream, shards);
        fill(client, stream, shards * perShard);
        KinesisSource source = new KinesisSource();
        ObjectNode config = Messages.object().put("region", KinesisMock.REGION.id())
            .put("endpoint", mock.endpoint().toString()).put("access_key_id", KinesisMock.ACCESS_KEY)
            .put("secret_access_key", KinesisMock.SECRET_KEY);
        config.putArray("streams").add(stream);
        KinesisSourceConfig inferring = parse(source, config);
        KinesisSourceConfig bare = parse(source, config.deepCopy().put("infer_schema", false));
        long[] withInference = new long[rounds];
        long[] without = new long[rounds];
        int fields = 0;
        for (int r = 0; r < rounds; r++) {
          long t = System.nanoTime();
          source.discover(bare);
          without[r] = System.nanoTime() - t;
          t = System.nanoTime();
          fields = source.discover(inferring).streams().get(0).jsonSchema().get("properties").size();
          withInference[r] = System.nanoTime() - t;
        }
        System.out.printf(Locale.ROOT, "%3d shards: discover with inference %6.0f ms (%d fields declared), bare "
            + "discover %5.0f ms%n", shards, median(withInference), fields, median(without));
      }
    }
  }

  private static KinesisSourceConfig parse(KinesisSource source, ObjectNode config) {
    ConfigReader reader = ConfigReader.of(config);
    KinesisSourceConfig parsed = source.parseConfig(reader);
    reader.throwIfProblems();
    return parsed;
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }

  private static void create(KinesisClient client, String stream, int shards) throws InterruptedException {
    client.createStream(r -> r.streamName(stream).shardCount(shards));
    for (int i = 0; i < 600; i++) {
      if (client.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamStatus()
          == StreamStatus.ACTIVE) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(stream + " did not become active");
  }

  private static void fill(KinesisClient client, String stream, int records) {
    List<PutRecordsRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      String payload = String.format(Locale.ROOT, "{\"id\":%d,\"amount\":%d.%02d,\"at\":\"2024-05-01T10:%02d:00Z\","
          + "\"tags\":[\"t%d\"],\"address\":{\"city\":\"c%d\",\"zip\":\"%05d\"},\"ok\":%b}", i, i % 1000, i % 100,
          i % 60, i % 7, i % 13, i, i % 2 == 0);
      batch.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i)
          .data(SdkBytes.fromString(payload, StandardCharsets.UTF_8)).build());
      if (batch.size() == 500 || i == records - 1) {
        List<PutRecordsRequestEntry> send = List.copyOf(batch);
        client.putRecords(r -> r.streamName(stream).records(send));
        batch.clear();
      }
    }
  }
}
