package dev.awsconnectors.source.kinesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.runtime.ConnectorRunner;
import dev.awsconnectors.kinesis.record.KinesisLimits;
import dev.awsconnectors.kinesis.record.KplAggregate;
import dev.awsconnectors.kinesis.record.KplDeaggregator;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.config.RecordLayout;
import dev.awsconnectors.source.kinesis.read.ReadTuning;
import dev.awsconnectors.source.kinesis.record.EnvelopeSchema;
import dev.awsconnectors.source.kinesis.record.RecordShape;
import dev.awsconnectors.source.kinesis.schema.SchemaInference;
import dev.awsconnectors.source.kinesis.shard.KinesisRecord;
import dev.awsconnectors.source.kinesis.shard.RecordsPage;
import dev.awsconnectors.source.kinesis.shard.ShardPacer;
import dev.awsconnectors.testkit.KinesisMock;
import dev.awsconnectors.testkit.Messages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Prints what one source process reads, next to a bare baseline measured in the same run and JVM.
 *
 * <p>{@code memory} cases: the whole connector (runner, mapping, schema check, STATE, every RECORD line to a
 * discarding stdout) over an in-memory Kinesis with Kinesis' pacing off, so the figure is the connector's own CPU
 * cost: records/s, MB/s of stdout, MB/s of Kinesis data, and how many shards at Kinesis' read limit (2 MiB/s per
 * shard) one process keeps up with. Their bare baseline is Jackson's streaming parser and generator writing the same
 * lines on one thread, without anything else. One case per payload size ({@code bench.sizes}, JSON objects of typed
 * fields) and layout ({@code bench.layouts}), {@code parse_json} on, against the schema discover infers; the
 * {@code memory-kpl} case reads KPL aggregates of small records. After the rounds, the fastest round of each case
 * (bare and connector) is printed again: on a shared machine it is the one least disturbed by other load.
 *
 * <p>{@code mock} cases: a fresh kinesis-mock (or the endpoint in {@code KINESIS_ENDPOINT}), the connector next to a
 * bare SDK GetRecords loop; kinesis-mock serves some thousand records/s, so these measure the emulator.
 *
 * <pre>
 * ./run-benchmark.sh source-kinesis [-Dbench.cases=memory,memory-kpl,mock] [-Dbench.sizes=200,2000] \
 *     [-Dbench.layouts=flattened,nested] [-Dbench.payloadMb=200] [-Dbench.shards=4] [-Dbench.aggregate=100] \
 *     [-Dbench.rounds=3] [-Dbench.baseline=true] [-Dbench.records=10000] [-Dbench.bytes=200]
 * </pre>
 */
public final class ReadBenchmark {
  private static final double SHARD_READ_LIMIT = KinesisLimits.SHARD_READ_BYTES_PER_SECOND;
  private static final ReadTuning UNPACED = new ReadTuning(new ShardPacer(Duration.ZERO, Long.MAX_VALUE),
      Duration.ofMillis(200), Duration.ofSeconds(10));
  private static final JsonFactory JSON = ProtocolCodec.mapper().getFactory();


  private ReadBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> cases = list("bench.cases", "memory,memory-kpl,mock");
    int rounds = Integer.getInteger("bench.rounds", 3);
    print("%d CPUs; max heap %d MiB; load average %s; cases %s; %d rounds", Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20, Files.readString(Path.of("/proc/loadavg")).split(" ")[0], cases,
        rounds);
    Map<String, Figures[]> best = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      print("-- round %d", round);
      if (cases.contains("memory")) {
        for (String size : list("bench.sizes", "200,2000")) {
          for (String layout : list("bench.layouts", "flattened,nested")) {
            memory(Integer.parseInt(size), RecordLayout.valueOf(layout.toUpperCase(Locale.ROOT)), 0, best);
          }
        }
      }
      if (cases.contains("memory-kpl")) {
        memory(200, RecordLayout.FLATTENED, Integer.getInteger("bench.aggregate", 100), best);
      }
    }
    if (cases.contains("mock")) {
      mock(rounds);
    }
    if (!best.isEmpty()) {
      print("-- best round of each in-memory case (the round least disturbed by other load on the machine)");
      best.forEach((label, pair) -> {
        if (pair[0] != null) {
          report("bare Jackson" + label.substring("connector".length()), pair[0], null);
        }
        report(label, pair[1], pair[0]);
      });
    }
    print("peak RSS of this JVM: %s", Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("?").replaceAll("\\s+", " "));
  }

  /** One in-memory case: the bare Jackson baseline, then the connector, on the same content. */
  /**
   * @param best per case, the fastest bare baseline and the fastest connector run of the rounds so far (updated)
   */
  private static void memory(int bytes, RecordLayout layout, int perAggregate, Map<String, Figures[]> best)
      throws Exception {
    List<byte[]> payloads = Payloads.of(bytes, 500);
    int shards = Integer.getInteger("bench.shards", 4);
    long payloadBytes = Long.getLong("bench.payloadMb", 200) * 1_000_000;
    long perShard = Math.max(1, payloadBytes / averageSize(payloads) / shards / Math.max(1, perAggregate));
    String label = String.format(Locale.ROOT, "%s, %d B payloads, %s%s", perAggregate > 0 ? "KPL" : "plain", bytes,
        layout.name().toLowerCase(Locale.ROOT), perAggregate > 0 ? ", " + perAggregate + " per aggregate" : "");
    Figures baseline = null;
    if (Boolean.parseBoolean(System.getProperty("bench.baseline", "true"))) {
      SyntheticKinesis bare = new SyntheticKinesis(shards, perShard, payloads, perAggregate);
      LineCounter out = new LineCounter();
      long start = System.nanoTime();
      bareJackson(bare, layout, out);
      baseline = new Figures(out, bare.bytesServed(), System.nanoTime() - start);
      report("bare Jackson, " + label, baseline, null);
    }

    SyntheticKinesis kinesis = new SyntheticKinesis(shards, perShard, payloads, perAggregate);
    Path dir = Files.createTempDirectory("read-benchmark");
    ObjectNode config = Messages.object().put("region", "us-east-1").put("parse_json", true)
        .put("record_layout", layout.name().toLowerCase(Locale.ROOT));
    config.putArray("streams").add(SyntheticKinesis.STREAM);
    Files.writeString(dir.resolve("config.json"), config.toString());
    Files.writeString(dir.resolve("catalog.json"), catalog(layout, payloads).toString());
    LineCounter out = new LineCounter();
    long start = System.nanoTime();
    int code = new ConnectorRunner(new KinesisSource(c -> kinesis, UNPACED), Clock.systemUTC()).run(
        new String[] {"read", "--config", dir.resolve("config.json").toString(), "--catalog",
            dir.resolve("catalog.json").toString()}, new ByteArrayInputStream(new byte[0]), out);
    long elapsed = System.nanoTime() - start;
    long expected = perShard * shards * Math.max(1, perAggregate);
    if (code != 0 || out.records != expected) {
      throw new IllegalStateException(label + ": exit " + code + ", " + out.records + " records instead of "
          + expected);
    }
    Figures connector = new Figures(out, kinesis.bytesServed(), elapsed);
    report("connector, " + label, connector, baseline);
    Figures[] fastest = best.computeIfAbsent("connector, " + label, l -> new Figures[2]);
    if (baseline != null && (fastest[0] == null || baseline.nanos() < fastest[0].nanos())) {
      fastest[0] = baseline;
    }
    if (fastest[1] == null || connector.nanos() < fastest[1].nanos()) {
      fastest[1] = connector;
    }
  }

  /** What discover declares for these payloads: the catalog a user syncs with. */
  private static ObjectNode catalog(RecordLayout layout, List<byte[]> payloads) throws IOException {
    SchemaInference inference = new SchemaInference();
    for (byte[] p : payloads) {
      inference.observe((ObjectNode) ProtocolCodec.mapper().readTree(p));
    }
    ObjectNode schema = EnvelopeSchema.of(new RecordShape(true, layout), inference.schema());
    ObjectNode catalog = Messages.catalog();
    ((ArrayNode) catalog.get("streams")).add(Messages.configuredStream(null, SyntheticKinesis.STREAM, schema,
        "full_refresh", "append"));
    return catalog;
  }

  /**
   * The least a process must do for the same lines: read each shard's pages, unpack aggregates, stream each payload
   * through Jackson's parser into its generator next to the metadata, one thread, no schema check, no state.
   */
  private static void bareJackson(SyntheticKinesis kinesis, RecordLayout layout, OutputStream out)
      throws IOException {
    RecordShape shape = new RecordShape(true, layout);
    String[] names = {"message_id", "shard_id", "sequence_number", "sub_sequence_number", "partition_key",
        "approximate_arrival_timestamp"};
    String[] fields = Arrays.stream(names).map(shape::metadata).toArray(String[]::new);
    try (JsonGenerator g = JSON.createGenerator(out).setRootValueSeparator(null)) {
      for (int s = 0; s < kinesis.shards(); s++) {
        String shardId = SyntheticKinesis.shardId(s);
        long position = 0;
        while (position < kinesis.recordsPerShard()) {
          RecordsPage page = kinesis.page(s, position, KinesisLimits.GET_RECORDS_MAX_LIMIT);
          position += page.records().size();
          for (KinesisRecord r : page.records()) {
            List<UserRecord> users = KplDeaggregator.deaggregate(r.data())
                .orElseGet(() -> List.of(new UserRecord(r.partitionKey(), null, r.data())));
            for (int i = 0; i < users.size(); i++) {
              g.writeStartObject();
              g.writeStringField("type", "RECORD");
              g.writeObjectFieldStart("record");
              g.writeStringField("stream", SyntheticKinesis.STREAM);
              g.writeObjectFieldStart("data");
              try (JsonParser p = JSON.createParser(users.get(i).data())) {
                p.nextToken();
                if (layout == RecordLayout.FLATTENED) {
                  while (p.nextToken() != JsonToken.END_OBJECT) {
                    g.copyCurrentStructure(p);
                  }
                }
                g.writeStringField(fields[0], shardId + ":" + r.sequenceNumber() + ":" + i);
                g.writeStringField(fields[1], shardId);
                g.writeStringField(fields[2], r.sequenceNumber());
                g.writeNumberField(fields[3], i);
                g.writeStringField(fields[4], users.get(i).partitionKey());
                g.writeStringField(fields[5], r.approximateArrivalTimestamp().toString());
                if (layout == RecordLayout.NESTED) {
                  g.writeFieldName("data");
                  g.copyCurrentStructure(p);
                }
              }
              g.writeEndObject();
              g.writeNumberField("emitted_at", System.currentTimeMillis());
              g.writeEndObject();
              g.writeEndObject();
              g.writeRaw('\n');
            }
          }
        }
      }
    }
  }

  /** The emulator cases: the connector and a bare SDK GetRecords loop on kinesis-mock, plain and KPL. */
  private static void mock(int rounds) throws Exception {
    int records = Integer.getInteger("bench.records", 10_000);
    int shards = Integer.getInteger("bench.shards", 4);
    int bytes = Integer.getInteger("bench.bytes", 200);
    int perAggregate = Integer.getInteger("bench.aggregate", 100);
    try (KinesisMock mock = KinesisMock.start(); KinesisClient client = mock.client()) {
      print("kinesis-mock at %s; %d records of %d bytes over %d shards", mock.endpoint(), records, bytes, shards);
      List<byte[]> payloads = Payloads.of(bytes, 500);
      String plain = "bench-plain-" + System.currentTimeMillis();
      create(client, plain, shards);
      long t = System.nanoTime();
      writePlain(client, plain, records, payloads);
      print("wrote %d plain records in %.1f s", records, (System.nanoTime() - t) / 1e9);
      String aggregated = "bench-kpl-" + System.currentTimeMillis();
      create(client, aggregated, shards);
      int kinesisRecords = writeAggregated(client, aggregated, records, payloads, perAggregate);
      print("wrote %d user records in %d KPL aggregates", records, kinesisRecords);
      for (int round = 1; round <= rounds; round++) {
        print("-- kinesis-mock round %d", round);
        Figures bare = measureBare(client, plain);
        report("bare GetRecords loop, plain", bare, null);
        report("connector, plain, parse_json on", measureConnector(mock, plain, records, true), bare);
        report("connector, plain, parse_json off", measureConnector(mock, plain, records, false), bare);
        Figures bareKpl = measureBare(client, aggregated);
        report("bare GetRecords loop, KPL (Kinesis records)", bareKpl, null);
        report("connector, KPL (user records)", measureConnector(mock, aggregated, records, true), bareKpl);
      }
    }
  }

  private static Figures measureBare(KinesisClient client, String stream) {
    long start = System.nanoTime();
    long count = 0;
    long kinesisBytes = 0;
    for (Shard shard : client.listShards(r -> r.streamName(stream)).shards()) {
      String iterator = client.getShardIterator(r -> r.streamName(stream).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (iterator != null) {
        String it = iterator;
        GetRecordsResponse page = client.getRecords(r -> r.shardIterator(it).limit(10_000));
        count += page.records().size();
        for (var r : page.records()) {
          kinesisBytes += r.data().asByteArrayUnsafe().length + r.partitionKey().length();
        }
        if (page.records().isEmpty() && (page.millisBehindLatest() == null || page.millisBehindLatest() == 0)) {
          break;
        }
        iterator = page.nextShardIterator();
      }
    }
    return new Figures(count, 0, kinesisBytes, System.nanoTime() - start);
  }

  private static Figures measureConnector(KinesisMock mock, String stream, int expected, boolean parseJson)
      throws Exception {
    Path dir = Files.createTempDirectory("read-benchmark");
    ObjectNode config = Messages.object().put("region", KinesisMock.REGION.id())
        .put("endpoint", mock.endpoint().toString()).put("access_key_id", KinesisMock.ACCESS_KEY)
        .put("secret_access_key", KinesisMock.SECRET_KEY).put("parse_json", parseJson);
    config.putArray("streams").add(stream);
    Files.writeString(dir.resolve("config.json"), config.toString());
    Files.writeString(dir.resolve("catalog.json"), SourceHarness.catalog("full_refresh", stream).toString());
    LineCounter stdout = new LineCounter();
    long start = System.nanoTime();
    int code = new ConnectorRunner(new KinesisSource(), Clock.systemUTC()).run(new String[] {"read", "--config",
        dir.resolve("config.json").toString(), "--catalog", dir.resolve("catalog.json").toString()},
        new ByteArrayInputStream(new byte[0]), stdout);
    long elapsed = System.nanoTime() - start;
    if (code != 0 || stdout.records != expected) {
      throw new IllegalStateException(stream + ": exit " + code + ", " + stdout.records + " records instead of "
          + expected);
    }
    return new Figures(stdout.records, stdout.bytes, 0, elapsed);
  }

  /** Records and bytes of one measurement; {@code kinesisBytes} as Kinesis counts them (data and partition key). */
  private record Figures(long records, long stdoutBytes, long kinesisBytes, long nanos) {
    Figures(LineCounter out, long kinesisBytes, long nanos) {
      this(out.records, out.bytes, kinesisBytes, nanos);
    }

    double seconds() {
      return nanos / 1e9;
    }

    double recordsPerSecond() {
      return records / seconds();
    }

    double stdoutMbPerSecond() {
      return stdoutBytes / 1e6 / seconds();
    }
  }

  private static void report(String label, Figures f, Figures baseline) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-58s %,10d records in %6.2f s = %,9.0f "
        + "records/s", label, f.records(), f.seconds(), f.recordsPerSecond()));
    if (f.stdoutBytes() > 0) {
      line.append(String.format(Locale.ROOT, ", %6.1f MB/s of stdout", f.stdoutMbPerSecond()));
    }
    if (f.kinesisBytes() > 0) {
      double perSecond = f.kinesisBytes() / f.seconds();
      line.append(String.format(Locale.ROOT, ", %6.1f MB/s of Kinesis data: keeps up with %5.1f shards at 2 MiB/s",
          perSecond / 1e6, perSecond / SHARD_READ_LIMIT));
    }
    if (baseline != null) {
      line.append(String.format(Locale.ROOT, "; %.2f x bare", f.recordsPerSecond() / baseline.recordsPerSecond()));
    }
    print("%s", line);
  }

  private static void create(KinesisClient client, String stream, int shards) throws InterruptedException {
    client.createStream(r -> r.streamName(stream).shardCount(shards));
    while (client.describeStreamSummary(r -> r.streamName(stream)).streamDescriptionSummary().streamStatus()
        != StreamStatus.ACTIVE) {
      Thread.sleep(50);
    }
  }

  private static void writePlain(KinesisClient client, String stream, int records, List<byte[]> payloads) {
    List<PutRecordsRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      batch.add(PutRecordsRequestEntry.builder().partitionKey("key-" + (i % 1000))
          .data(SdkBytes.fromByteArray(payloads.get(i % payloads.size()))).build());
      if (batch.size() == 500 || i == records - 1) {
        List<PutRecordsRequestEntry> send = List.copyOf(batch);
        client.putRecords(r -> r.streamName(stream).records(send));
        batch.clear();
      }
    }
  }

  /** Aggregates of user records that share a partition key, so each aggregate maps to one shard. */
  private static int writeAggregated(KinesisClient client, String stream, int records, List<byte[]> payloads,
      int perAggregate) {
    List<PutRecordsRequestEntry> batch = new ArrayList<>();
    int aggregates = 0;
    for (int i = 0; i < records; i += perAggregate) {
      KplAggregate aggregate = new KplAggregate(KinesisLimits.RECORD_MAX_BYTES);
      String key = "key-" + (i % 1000);
      for (int j = i; j < Math.min(records, i + perAggregate); j++) {
        aggregate.tryAdd(new UserRecord(key, null, payloads.get(j % payloads.size())));
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

  private static long averageSize(List<byte[]> payloads) {
    return Math.max(1, payloads.stream().mapToLong(p -> p.length).sum() / payloads.size());
  }

  private static List<String> list(String property, String defaults) {
    return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }

  /**
   * Payloads as producers send them: JSON objects of typed fields (integers, decimals, timestamps, booleans, text
   * with escapes and non-ASCII letters, nested objects, arrays), of about the given size, deterministic.
   */
  static final class Payloads {
    private static final String[] CITIES = {"Berlin", "Zürich", "Kraków", "São Paulo", "Lyon", "Malmö"};
    private static final String[] STATUSES = {"paid", "shipped", "delivered", "refunded"};

    private Payloads() {}

    static List<byte[]> of(int bytes, int count) {
      Random random = new Random(42);
      List<byte[]> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        out.add(one(random, i, bytes));
      }
      return out;
    }

    private static byte[] one(Random random, int i, int bytes) {
      StringBuilder json = new StringBuilder(bytes + 64);
      json.append("{\"order_id\":").append(1_000_000 + i).append(",\"customer_id\":\"c-")
          .append(String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000))).append("\",\"status\":\"")
          .append(STATUSES[random.nextInt(STATUSES.length)]).append("\",\"amount\":")
          .append(String.format(Locale.ROOT, "%d.%02d", random.nextInt(2000), random.nextInt(100)))
          .append(",\"express\":").append(random.nextBoolean()).append(",\"created_at\":\"2024-05-0")
          .append(1 + random.nextInt(9)).append(String.format(Locale.ROOT, "T%02d:%02d:%02d.%03dZ\"",
              random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000)));
      if (bytes >= 1000) {
        json.append(",\"customer\":{\"name\":\"Zoë \\\"Z\\\" Müller\",\"email\":\"zoe").append(i)
            .append("@example.com\",\"address\":{\"city\":\"").append(CITIES[random.nextInt(CITIES.length)])
            .append("\",\"zip\":\"").append(10_000 + random.nextInt(89_999)).append("\"}},\"items\":[");
        int items = 0;
        while (json.length() < bytes - 160) {
          json.append(items++ == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(random.nextInt(100_000))
              .append("\",\"title\":\"Item nº ").append(random.nextInt(1000)).append(" – blue\",\"qty\":")
              .append(1 + random.nextInt(5)).append(",\"unit_price\":").append(random.nextInt(200)).append('.')
              .append(10 + random.nextInt(90)).append(",\"gift\":").append(random.nextInt(10) == 0).append('}');
        }
        json.append("],\"tags\":[\"web\",\"eu\"]");
      }
      json.append(",\"note\":\"");
      while (json.length() < bytes - 2) {
        json.append((char) ('a' + random.nextInt(26)));
      }
      return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** A discarding stdout that counts bytes and RECORD lines, cheaply enough not to distort the figures. */
  private static final class LineCounter extends OutputStream {
    private static final byte[] RECORD = "{\"type\":\"RECORD\"".getBytes(StandardCharsets.UTF_8);
    long records;
    long bytes;
    /** How many bytes of {@link #RECORD} the current line matched so far; -1 once it cannot match. */
    private int matched;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
      int end = off + len;
      int i = off;
      while (i < end) {
        if (matched >= 0 && matched < RECORD.length) {
          if (b[i] == RECORD[matched]) {
            matched++;
            if (matched == RECORD.length) {
              records++;
            }
          } else {
            matched = -1;
          }
          if (b[i] == '\n') {
            matched = 0;
          }
          i++;
          continue;
        }
        while (i < end && b[i] != '\n') {
          i++;
        }
        if (i < end) {
          matched = 0;
          i++;
        }
      }
    }
  }
}
