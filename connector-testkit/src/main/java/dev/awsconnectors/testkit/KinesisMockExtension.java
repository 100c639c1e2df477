package dev.awsconnectors.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Starts one kinesis-mock for a test class and stops it afterwards, also when tests fail.
 *
 * <pre>{@code @RegisterExtension static final KinesisMockExtension KINESIS = new KinesisMockExtension();}</pre>
 *
 * kinesis-mock slows down as streams fill, so each test should use a fresh stream ({@link #newStreamName}) and keep to
 * a few thousand records per shard.
 */
public final class KinesisMockExtension implements BeforeAllCallback, AfterAllCallback {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private KinesisMock mock;
  private KinesisClient client;

  @Override
  public void beforeAll(ExtensionContext context) {
    mock = KinesisMock.start();
    client = mock.client();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      client.close();
    }
    if (mock != null) {
      mock.close();
    }
  }

  public URI endpoint() {
    return mock.endpoint();
  }

  public KinesisClient client() {
    return client;
  }

  /** See {@link KinesisMock#pid()}. */
  public java.util.OptionalLong pid() {
    return mock.pid();
  }

  public String accessKey() {
    return KinesisMock.ACCESS_KEY;
  }

  public String secretKey() {
    return KinesisMock.SECRET_KEY;
  }

  public String region() {
    return KinesisMock.REGION.id();
  }

  /** A stream name no other test uses. */
  public static String newStreamName(String prefix) {
    return prefix + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a provisioned stream and waits until it is ACTIVE. */
  public String createStream(String name, int shards) {
    client.createStream(r -> r.streamName(name).shardCount(shards));
    awaitActive(name);
    return name;
  }

  public void awaitActive(String name) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      StreamStatus status = client.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary()
          .streamStatus();
      if (status == StreamStatus.ACTIVE) {
        return;
      }
      KinesisMock.sleep(50);
    }
    throw new AssertionError("Stream " + name + " did not become ACTIVE within 30 s");
  }

  /** Every shard of the stream, open and closed, sorted by shard id. */
  public List<Shard> shards(String stream) {
    List<Shard> shards = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var response = next == null ? client.listShards(r -> r.streamName(stream))
          : client.listShards(r -> r.nextToken(next));
      shards.addAll(response.shards());
      token = response.nextToken();
    } while (token != null);
    shards.sort(Comparator.comparing(Shard::shardId));
    return shards;
  }

  /** Every record of one shard from TRIM_HORIZON to the current end, in order. */
  public List<Record> readShard(String stream, String shardId) {
    List<Record> records = new ArrayList<>();
    String iterator = client.getShardIterator(r -> r.streamName(stream).shardId(shardId)
        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    while (iterator != null) {
      String it = iterator;
      GetRecordsResponse page = client.getRecords(r -> r.shardIterator(it).limit(10_000));
      records.addAll(page.records());
      if (page.records().isEmpty() && (page.millisBehindLatest() == null || page.millisBehindLatest() == 0)) {
        break;
      }
      iterator = page.nextShardIterator();
    }
    return records;
  }

  /** Every record of every shard, shard by shard. */
  public List<Record> readAll(String stream) {
    List<Record> records = new ArrayList<>();
    for (Shard shard : shards(stream)) {
      records.addAll(readShard(stream, shard.shardId()));
    }
    return records;
  }
}
