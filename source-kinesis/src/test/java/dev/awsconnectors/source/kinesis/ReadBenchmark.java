package dev.awsconnectors.source.kinesis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.runtime.ConnectorRunner;
import dev.awsconnectors.kinesis.record.KplAggregate;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.read.ReadTuning;
import dev.awsconnectors.source.kinesis.shard.FakeKinesis;
import dev.awsconnectors.testkit.KinesisMock;
import dev.awsconnectors.testkit.Messages;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Prints records/s read through the whole connector (runner, JSON serialization of every RECORD line to a discarding
 * stdout) next to a bare GetRecords loop over the same stream, in the same JVM and run. Uses a fresh kinesis-mock, or
 * the emulator or AWS endpoint in {@code KINESIS_ENDPOINT}.
 *
 * <pre>
 * ./run-benchmark.sh source-kinesis [-Dbench.records=10000] [-Dbench.shards=4] \
 *     [-Dbench.bytes=200] [-Dbench.rounds=3] [-Dbench.aggregate=50] [-Dbench.memoryRecords=100000]
 * </pre>
 *
 * A third figure reads the same kind of records from an in-memory Kinesis (no emulator, no network, Kinesis' pacing
 * kept), which shows the connector's own cost per record.
 *
 * kinesis-mock serves GetRecords at roughly 5,000-10,000 small records/s and slows down as a stream fills, so on the
 * emulator the figures measure the emulator as much as the connector: measure against real Kinesis for capacity.
 */
public final class ReadBenchmark {
  private ReadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = Integer.getInteger("bench.records", 10_000);
    int shards = Integer.getInteger("bench.shards", 4);
    int bytes = Integer.getInteger("bench.bytes", 200);
    int rounds = Integer.getInteger("bench.rounds", 3);
    int perAggregate = Integer.getInteger("bench.aggregate", 50);
    try (KinesisMock mock = KinesisMock.start(); KinesisClient client = mock.client()) {
      print("kinesis-mock at %s; %d records of %d bytes over %d shards; %d rounds; %d CPUs; load average %s",
          mock.endpoint(), records, bytes, shards, rounds, Runtime.getRuntime().availableProcessors(),
          Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      String plain = "bench-plain-" + System.currentTimeMillis();
      create(client, plain, shards);
      long t = System.nanoTime();
      writePlain(client, plain, records, bytes);
      print("wrote %d plain records in %.1f s", records, (System.nanoTime() - t) / 1e9);
      String aggregated = "bench-kpl-" + System.currentTimeMillis();
      create(client, aggregated, shards);
      int kinesisRecords = writeAggregated(client, aggregated, records, bytes, perAggregate);
      print("wrote %d user records in %d KPL aggregates", records, kinesisRecords);

      FakeKinesis memory = inMemory(Integer.getInteger("bench.memoryRecords", 100_000), bytes, shards);
      for (int round = 1; round <= rounds; round++) {
        print("-- round %d", round);
        measureInMemory(memory, "connector over in-memory Kinesis (CPU bound)");
        measureBare(client, plain, "bare GetRecords loop, plain");
        measureConnector(mock, plain, records, "connector, plain, parse_json on", true);
        measureConnector(mock, plain, records, "connector, plain, parse_json off", false);
        measureBare(client, aggregated, "bare GetRecords loop, KPL (Kinesis records)");
        measureConnector(mock, aggregated, records, "connector, KPL de-aggregated (user records)", true);
      }
    }
  }

  private static void measureBare(KinesisClient client, String stream, String label) {
    long start = System.nanoTime();
    long count = 0;
    long payload = 0;
    for (Shard shard : client.listShards(r -> r.streamName(stream)).shards()) {
      String iterator = client.getShardIterator(r -> r.streamName(stream).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (iterator != null) {
        String it = iterator;
        GetRecordsResponse page = client.getRecords(r -> r.shardIterator(it).limit(10_000));
        count += page.records().size();
        for (var r : page.records()) {
          payload += r.data().asByteArrayUnsafe().length;
        }
        if (page.records().isEmpty() && (page.millisBehindLatest() == null || page.millisBehindLatest() == 0)) {
          break;
        }
        iterator = page.nextShardIterator();
      }
    }
    report(label, count, payload, System.nanoTime() - start);
  }

  private static void measureConnector(KinesisMock mock, String stream, int expected, String label,
      boolean parseJson) throws Exception {
    Path dir = Files.createTempDirectory("read-benchmark");
    ObjectNode config = Messages.object().put("region", KinesisMock.REGION.id())
        .put("endpoint", mock.endpoint().toString()).put("access_key_id", KinesisMock.ACCESS_KEY)
        .put("secret_access_key", KinesisMock.SECRET_KEY).put("parse_json", parseJson);
    config.putArray("streams").add(stream);
    Files.writeString(dir.resolve("config.json"), config.toString());
    Files.writeString(dir.resolve("catalog.json"), SourceHarness.catalog("full_refresh", stream).toString());
    RecordCounter stdout = new RecordCounter();
    long start = System.nanoTime();
    int code = new ConnectorRunner(new KinesisSource(), Clock.systemUTC()).run(new String[] {"read", "--config",
        dir.resolve("config.json").toString(), "--catalog", dir.resolve("catalog.json").toString()},
        new ByteArrayInputStream(new byte[0]), stdout);
    long elapsed = System.nanoTime() - start;
    if (code != 0 || stdout.records != expected) {
      throw new IllegalStateException(label + ": exit " + code + ", " + stdout.records + " records instead of "
          + expected);
    }
    report(label, stdout.records, stdout.bytes, elapsed);
  }

  /** The same stream content served from memory, to show what the connector itself costs without an emulator. */
  private static FakeKinesis inMemory(int records, int bytes, int shards) {
    FakeKinesis kinesis = new FakeKinesis();
    String[] ids = new String[shards];
    for (int s = 0; s < shards; s++) {
      ids[s] = String.format(Locale.ROOT, "shardId-%012d", s);
    }
    kinesis.stream("memory", ids);
    for (int s = 0; s < shards; s++) {
      List<byte[]> data = new ArrayList<>();
      for (int i = s; i < records; i += shards) {
        data.add(payload(i, bytes));
      }
      kinesis.putBytes("memory", ids[s], "key-" + s, data);
    }
    return kinesis;
  }

  private static void measureInMemory(FakeKinesis kinesis, String label) throws Exception {
    Path dir = Files.createTempDirectory("read-benchmark");
    ObjectNode config = Messages.object().put("region", "us-east-1");
    config.putArray("streams").add("memory");
    Files.writeString(dir.resolve("config.json"), config.toString());
    Files.writeString(dir.resolve("catalog.json"), SourceHarness.catalog("full_refresh", "memory").toString());
    RecordCounter stdout = new RecordCounter();
    long start = System.nanoTime();
    int code = new ConnectorRunner(new KinesisSource(c -> kinesis, ReadTuning.DEFAULT), Clock.systemUTC()).run(
        new String[] {"read", "--config", dir.resolve("config.json").toString(), "--catalog",
            dir.resolve("catalog.json").toString()}, new ByteArrayInputStream(new byte[0]), stdout);
    if (code != 0) {
      throw new IllegalStateException(label + ": exit " + code);
    }
    report(label, stdout.records, stdout.bytes, System.nanoTime() - start);
  }

  private static void report(String label, long records, long bytes, long nanos) {
    double seconds = nanos / 1e9;
    print("%-50s %,8d records in %6.2f s = %,9.0f records/s (%,.1f MB/s %s)", label, records, seconds,
        records / seconds, bytes / 1e6 / seconds, label.startsWith("connector") ? "of stdout" : "of payload");
  }

  private static void create(KinesisClient client, String stream, int shards) throws InterruptedException {
    client.createStream(r -> r.streamName(stream).shardCount(shards));
    while (client.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamStatus()
        != StreamStatus.ACTIVE) {
      Thread.sleep(50);
    }
  }

  private static void writePlain(KinesisClient client, String stream, int records, int bytes) {
    List<PutRecordsRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      batch.add(PutRecordsRequestEntry.builder().partitionKey("key-" + (i % 1000))
          .data(SdkBytes.fromByteArray(payload(i, bytes))).build());
      if (batch.size() == 500 || i == records - 1) {
        List<PutRecordsRequestEntry> send = List.copyOf(batch);
        client.putRecords(r -> r.streamName(stream).records(send));
        batch.clear();
      }
    }
  }

  /** Aggregates of user records that share a partition key, so each aggregate maps to one shard. */
  private static int writeAggregated(KinesisClient client, String stream, int records, int bytes, int perAggregate) {
    List<PutRecordsRequestEntry> batch = new ArrayList<>();
    int aggregates = 0;
    for (int i = 0; i < records; i += perAggregate) {
      KplAggregate aggregate = new KplAggregate(1024 * 1024);
      String key = "key-" + (i % 1000);
      for (int j = i; j < Math.min(records, i + perAggregate); j++) {
        aggregate.tryAdd(new UserRecord(key, null, payload(j, bytes)));
      }
      KplAggregate.Aggregated a = aggregate.drain().orElseThrow();
      batch.add(PutRecordsRequestEntry.builder().partitionKey(a.partitionKey()).data(SdkBytes.fromByteArray(a.data()))
          .build());
      aggregates++;
      if (batch.size() == 100 || i + perAggregate >= records) {
        List<PutRecordsRequestEntry> send = List.copyOf(batch);
        client.putRecords(r -> r.streamName(stream).records(send));
        batch.clear();
      }
    }
    return aggregates;
  }

  private static byte[] payload(int i, int bytes) {
    String head = "{\"id\":" + i + ",\"pad\":\"";
    int pad = Math.max(0, bytes - head.length() - 2);
    return (head + "x".repeat(pad) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }

  /** A discarding stdout that counts RECORD lines and bytes. */
  private static final class RecordCounter extends OutputStream {
    private static final byte[] RECORD = "{\"type\":\"RECORD\"".getBytes(StandardCharsets.UTF_8);
    long records;
    long bytes;
    private int matched;
    private boolean lineStart = true;

    @Override
    public void write(int b) {
      bytes++;
      if (lineStart || matched > 0) {
        if (b == RECORD[matched]) {
          matched++;
          if (matched == RECORD.length) {
            records++;
            matched = 0;
          }
        } else {
          matched = 0;
        }
      }
      lineStart = b == '\n';
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }
  }
}
