package dev.awsconnectors.destination.kinesis.bench;

import dev.awsconnectors.commons.runtime.ConnectorRunner;
import dev.awsconnectors.destination.kinesis.FakeKinesisEndpoint;
import dev.awsconnectors.destination.kinesis.KinesisDestination;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Prints records/s and MB/s of the connector next to a bare AWS SDK PutRecords loop over the same records, into an
 * in-process fake Kinesis endpoint that answers at once (kinesis-mock would be the bottleneck). The connector path is
 * the whole write: {@link ConnectorRunner} reading JSON lines from an in-memory stdin (parsing, catalog check,
 * encoding, ledger, batching, HTTP, JSON responses, state echo), in this JVM.
 *
 * <pre>
 * ./run-benchmark.sh destination-kinesis [records of 100 B] [records of 2 KB]
 * </pre>
 *
 * MB/s counts the records' payload bytes (the {@code data} JSON, payload mode {@code data}); both paths send the same
 * payloads with random UUID partition keys.
 */
public final class KinesisBenchmark {
  private static final int STATE_EVERY = 10_000;
  private static final int POOL = 1_000;

  private KinesisBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("aws.cborEnabled", "false");
    System.setProperty("LOG_LEVEL", "WARN");
    int smallRecords = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int largeRecords = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    try (FakeKinesisEndpoint endpoint = FakeKinesisEndpoint.start(4)) {
      List<String> rows = new ArrayList<>();
      // Warm up both paths (JIT) on a small run; not reported.
      runCase(endpoint, 100, 50_000, false, new ArrayList<>());
      runCase(endpoint, 100, 50_000, true, new ArrayList<>());
      for (int size : new int[] {100, 2048}) {
        int records = size == 100 ? smallRecords : largeRecords;
        runCase(endpoint, size, records, false, rows);
        runCase(endpoint, size, records, true, rows);
      }
      // The price of per-key order for one hot partition key, and what aggregation gives back.
      List<String> hot = new ArrayList<>();
      List<byte[]> small = payloads(100);
      hot.add(connector(endpoint, 100, hotRecords(smallRecords), small, "{\"mode\":\"constant\",\"value\":\"hot\"}",
          false, true, "one key, per-key order kept"));
      hot.add(connector(endpoint, 100, smallRecords, small, "{\"mode\":\"constant\",\"value\":\"hot\"}",
          false, false, "one key, preserve_key_order=false"));
      hot.add(connector(endpoint, 100, smallRecords, small, "{\"mode\":\"constant\",\"value\":\"hot\"}",
          true, true, "one key, order kept, KPL agg"));
      System.out.printf(Locale.ROOT, "%n%-6s %-44s %9s %8s %11s %8s %10s %9s%n", "record", "path", "records",
          "seconds", "records/s", "MB/s", "kinesis", "requests");
      rows.forEach(System.out::println);
      System.out.printf(Locale.ROOT, "%nHot partition key (every record has the same key):%n");
      hot.forEach(System.out::println);
      System.out.printf(Locale.ROOT, "%nJVM %s, %d cores available; fake endpoint on loopback (JSON protocol).%n",
          Runtime.version(), Runtime.getRuntime().availableProcessors());
    }
  }

  private static void runCase(FakeKinesisEndpoint endpoint, int size, int records, boolean aggregation,
      List<String> rows) throws Exception {
    List<byte[]> payloads = payloads(size);
    if (!aggregation) {
      rows.add(bare(endpoint, size, records, payloads, 1));
      rows.add(bare(endpoint, size, records, payloads, 4));
    }
    rows.add(connector(endpoint, size, records, payloads, "{\"mode\":\"random\"}", aggregation, true,
        aggregation ? "KPL agg" : ""));
  }

  /** One key in strict order means one record per round trip: keep that run short. */
  private static int hotRecords(int records) {
    return Math.min(records, 5_000);
  }

  /** {@code size}-byte JSON objects, all different. */
  private static List<byte[]> payloads(int size) {
    List<byte[]> out = new ArrayList<>(POOL);
    for (int i = 0; i < POOL; i++) {
      String head = "{\"id\":" + i + ",\"name\":\"user-" + i + "\",\"payload\":\"";
      String tail = "\"}";
      int fill = Math.max(0, size - head.length() - tail.length());
      out.add((head + "abcdefghij".repeat(fill / 10 + 1).substring(0, fill) + tail).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String bare(FakeKinesisEndpoint endpoint, int size, int records, List<byte[]> payloads,
      int threads) throws Exception {
    endpoint.reset();
    try (KinesisClient client = KinesisClient.builder().endpointOverride(endpoint.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClient(ApacheHttpClient.builder().maxConnections(threads + 2).build()).build()) {
      AtomicLong next = new AtomicLong();
      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          while (true) {
            long first = next.getAndAdd(500);
            if (first >= records) {
              return null;
            }
            List<PutRecordsRequestEntry> batch = new ArrayList<>(500);
            for (long i = first; i < Math.min(records, first + 500); i++) {
              batch.add(PutRecordsRequestEntry.builder().partitionKey(UUID.randomUUID().toString())
                  .data(SdkBytes.fromByteArrayUnsafe(payloads.get((int) (i % POOL)))).build());
            }
            var response = client.putRecords(r -> r.streamName("bench").records(batch));
            if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
              throw new IllegalStateException("the fake endpoint never fails entries");
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      double seconds = (System.nanoTime() - start) / 1e9;
      return row(size, "bare SDK PutRecords loop, " + threads + " thread" + (threads > 1 ? "s" : ""), records,
          seconds, payloadBytes(payloads, records), endpoint);
    }
  }

  private static String connector(FakeKinesisEndpoint endpoint, int size, int records, List<byte[]> payloads,
      String partitionKey, boolean aggregation, boolean preserveOrder, String label) throws Exception {
    endpoint.reset();
    Path dir = Files.createTempDirectory("kinesis-bench-");
    Path config = Files.writeString(dir.resolve("config.json"), "{\"endpoint\":\"" + endpoint.endpoint()
        + "\",\"region\":\"us-east-1\",\"accessKey\":\"bench\",\"privateKey\":\"bench\",\"target_stream\":\"bench\","
        + "\"payload\":{\"mode\":\"data\"},\"aggregation\":" + aggregation + ",\"partition_key\":" + partitionKey
        + ",\"preserve_key_order\":" + preserveOrder + "}");
    Path catalog = Files.writeString(dir.resolve("catalog.json"), "{\"streams\":[{\"stream\":{\"name\":\"bench\","
        + "\"json_schema\":{\"type\":\"object\"},\"supported_sync_modes\":[\"incremental\"]},\"sync_mode\":"
        + "\"incremental\",\"destination_sync_mode\":\"append\"}]}");
    CountingOutput stdout = new CountingOutput();
    long start = System.nanoTime();
    int code = new ConnectorRunner(new KinesisDestination(), Clock.systemUTC()).run(new String[] {"write",
        "--config", config.toString(), "--catalog", catalog.toString()}, new Stdin(payloads, records), stdout);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("The connector failed (exit " + code + ")");
    }
    long states = records / STATE_EVERY;
    if (stdout.states != states) {
      throw new IllegalStateException("Expected " + states + " states echoed, got " + stdout.states);
    }
    return row(size, "connector (stdin JSON, runner" + (label.isEmpty() ? ")" : ", " + label + ")"), records,
        seconds, payloadBytes(payloads, records), endpoint);
  }

  private static long payloadBytes(List<byte[]> payloads, int records) {
    long bytes = 0;
    for (int i = 0; i < records; i++) {
      bytes += payloads.get(i % POOL).length;
    }
    return bytes;
  }

  private static String row(int size, String path, int records, double seconds, long bytes,
      FakeKinesisEndpoint endpoint) {
    return String.format(Locale.ROOT, "%-6s %-44s %,9d %8.2f %,11.0f %8.2f %,10d %,9d", size + " B", path, records,
        seconds, records / seconds, bytes / 1e6 / seconds, endpoint.records(), endpoint.putRecordsCalls());
  }

  /** stdin of the write: RECORD lines built from the payloads, a STATE every {@value #STATE_EVERY} records. */
  private static final class Stdin extends InputStream {
    private final List<byte[]> lines = new ArrayList<>();
    private final int records;
    private int produced;
    private int states;
    private byte[] current = new byte[0];
    private int position;

    Stdin(List<byte[]> payloads, int records) {
      this.records = records;
      for (byte[] payload : payloads) {
        lines.add(("{\"type\":\"RECORD\",\"record\":{\"stream\":\"bench\",\"data\":"
            + new String(payload, StandardCharsets.UTF_8) + ",\"emitted_at\":1700000000000}}\n")
            .getBytes(StandardCharsets.UTF_8));
      }
    }

    private boolean refill() {
      if (produced == records && states == records / STATE_EVERY) {
        return false;
      }
      if (produced > 0 && produced % STATE_EVERY == 0 && states < produced / STATE_EVERY) {
        states++;
        current = ("{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
            + "{\"name\":\"bench\"},\"stream_state\":{\"n\":" + produced + "}}}}\n").getBytes(StandardCharsets.UTF_8);
      } else {
        current = lines.get(produced++ % POOL);
      }
      position = 0;
      return true;
    }

    @Override
    public int read() {
      if (position == current.length && !refill()) {
        return -1;
      }
      return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int copied = 0;
      while (copied < len) {
        if (position == current.length && !refill()) {
          return copied == 0 ? -1 : copied;
        }
        int n = Math.min(len - copied, current.length - position);
        System.arraycopy(current, position, b, off + copied, n);
        position += n;
        copied += n;
      }
      return copied;
    }
  }

  /** Discards stdout but counts the echoed states. */
  private static final class CountingOutput extends OutputStream {
    private static final byte[] STATE = "{\"type\":\"STATE\"".getBytes(StandardCharsets.UTF_8);
    private int matched;
    private boolean lineStart = true;
    long states;

    @Override
    public void write(int b) {
      if (lineStart && matched < STATE.length) {
        if (b == STATE[matched]) {
          matched++;
          if (matched == STATE.length) {
            states++;
          }
        } else {
          lineStart = false;
        }
      }
      if (b == '\n') {
        lineStart = true;
        matched = 0;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }
  }
}
