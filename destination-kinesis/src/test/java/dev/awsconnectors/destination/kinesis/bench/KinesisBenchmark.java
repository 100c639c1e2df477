package dev.awsconnectors.destination.kinesis.bench;

import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.ConnectorRunner;
import dev.awsconnectors.commons.runtime.IncomingRecord;
import dev.awsconnectors.destination.kinesis.FakeKinesisEndpoint;
import dev.awsconnectors.destination.kinesis.KinesisDestination;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.InvalidPayloads;
import dev.awsconnectors.destination.kinesis.config.PartitionKeySpec;
import dev.awsconnectors.destination.kinesis.config.PayloadFormat;
import dev.awsconnectors.destination.kinesis.envelope.RecordEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
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
 * ./run-benchmark.sh destination-kinesis [-Dbench.only=REGEX] [-Dbench.rounds=N] [records of 100 B] [records of 2 KB]
 * </pre>
 *
 * For each record size: the bare loop on 1 thread, then {@code bench.rounds} rounds (default 1) of the bare loop on 4
 * threads and the connector in the payload modes {@code data}, {@code envelope_text} and {@code envelope_object} and
 * with KPL aggregation, all with random partition keys (the default), then the bare 4-thread loop once more. Each row
 * shows the best run of its path, and each connector row its ratio to the best run of the bare 4-thread loop: on a
 * machine shared with other work, the best of several interleaved runs is the one that other work disturbed least,
 * for either path. The connector also sends 4 requests at once.
 * A last section measures one hot partition key. MB/s counts the records'
 * {@code data} JSON bytes, whatever the payload mode. {@code -Dbench.only} runs only the rows whose label matches
 * (for profiling one path).
 *
 * <p>An envelope is about twice the bytes of a 100 B record on the wire, which the SDK base64-encodes and the endpoint
 * reads: so each round also runs the bare 4-thread loop over each envelope mode's own payloads, built before the timer
 * starts by the connector's {@link RecordEncoder} (same layout, same sizes). The column {@code vs same} is a connector
 * row's records/s over that loop's best run: the local limit of putting those very bytes. {@code vs bare4} stays the
 * ratio to the loop over the data alone.
 */
public final class KinesisBenchmark {
  private static final int STATE_EVERY = 10_000;
  private static final int POOL = 1_000;
  private static final String RANDOM_KEYS = "{\"mode\":\"random\"}";
  private static final String HOT_KEY = "{\"mode\":\"constant\",\"value\":\"hot\"}";
  private static final String BARE_4 = "bare SDK PutRecords loop, 4 threads";

  private KinesisBenchmark() {}

  /** One connector run: the payload mode, partition key and sending options of its config. */
  private record Case(String label, String payload, String partitionKey, boolean aggregation, boolean preserveOrder) {
    /** The label of the bare loop over the payloads this case puts on the wire. */
    String bareLabel() {
      return aggregation || payload.equals("data") ? BARE_4 : BARE_4 + ", " + payload + " bytes";
    }

    String config(FakeKinesisEndpoint endpoint) {
      return "{\"endpoint\":\"" + endpoint.endpoint() + "\",\"region\":\"us-east-1\",\"accessKey\":\"bench\","
          + "\"privateKey\":\"bench\",\"target_stream\":\"bench\",\"payload\":{\"mode\":\"" + payload + "\"},"
          + "\"aggregation\":" + aggregation + ",\"partition_key\":" + partitionKey + ",\"preserve_key_order\":"
          + preserveOrder + "}";
    }
  }

  private static final List<Case> CASES = List.of(
      new Case("connector, data", "data", RANDOM_KEYS, false, true),
      new Case("connector, envelope_text", "envelope_text", RANDOM_KEYS, false, true),
      new Case("connector, envelope_object", "envelope_object", RANDOM_KEYS, false, true),
      new Case("connector, data, KPL agg", "data", RANDOM_KEYS, true, true));

  private static final List<Case> HOT_CASES = List.of(
      new Case("connector, one key, per-key order kept", "data", HOT_KEY, false, true),
      new Case("connector, one key, preserve_key_order=false", "data", HOT_KEY, false, false),
      new Case("connector, one key, order kept, KPL agg", "data", HOT_KEY, true, true));

  public static void main(String[] args) throws Exception {
    System.setProperty("aws.cborEnabled", "false");
    System.setProperty("LOG_LEVEL", "WARN");
    int smallRecords = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int largeRecords = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    Pattern only = Pattern.compile(System.getProperty("bench.only", ".*"));
    int rounds = Integer.getInteger("bench.rounds", 1);
    try (FakeKinesisEndpoint endpoint = FakeKinesisEndpoint.start(4)) {
      List<String> rows = new ArrayList<>();
      // Warm up the paths that will run (JIT) on a small run; not reported.
      List<byte[]> warmUp = payloads(100);
      bare(endpoint, 50_000, warmUp, 4);
      for (Case c : CASES) {
        if (only.matcher(c.label()).find()) {
          connector(endpoint, 50_000, warmUp, c);
        }
      }
      for (int size : new int[] {100, 2048}) {
        int records = size == 100 ? smallRecords : largeRecords;
        List<byte[]> payloads = payloads(size);
        long bytes = payloadBytes(payloads, records);
        Map<String, Run> best = new LinkedHashMap<>();
        if (only.matcher("bare SDK PutRecords loop, 1 thread").find()) {
          keepBest(best, bare(endpoint, records, payloads, 1));
        }
        Map<String, List<byte[]>> wire = new LinkedHashMap<>();
        for (Case c : CASES) {
          if (only.matcher(c.label()).find() && !c.bareLabel().equals(BARE_4)) {
            wire.put(c.bareLabel(), envelopes(payloads, c.payload()));
          }
        }
        for (int round = 0; round < rounds; round++) {
          keepBest(best, bare(endpoint, records, payloads, 4));
          for (Case c : CASES) {
            if (only.matcher(c.label()).find()) {
              keepBest(best, connector(endpoint, records, payloads, c));
            }
          }
          for (Map.Entry<String, List<byte[]>> w : wire.entrySet()) {
            keepBest(best, bare(endpoint, records, w.getValue(), 4).as(w.getKey()));
          }
        }
        keepBest(best, bare(endpoint, records, payloads, 4));
        double reference = best.get(BARE_4).perSecond();
        for (Run r : best.values()) {
          Case c = CASES.stream().filter(k -> k.label().equals(r.label())).findFirst().orElse(null);
          rows.add(r.row(size, bytes, c == null ? Double.NaN : r.perSecond() / reference,
              c == null ? Double.NaN : r.perSecond() / best.get(c.bareLabel()).perSecond()));
        }
      }
      List<String> hot = new ArrayList<>();
      List<byte[]> small = payloads(100);
      for (Case c : HOT_CASES) {
        if (only.matcher(c.label()).find()) {
          // One key in strict order means one record per round trip: keep that run short.
          int records = c.preserveOrder() && !c.aggregation() ? Math.min(smallRecords, 5_000) : smallRecords;
          hot.add(connector(endpoint, records, small, c).row(100, payloadBytes(small, records), Double.NaN,
              Double.NaN));
        }
      }
      String header = String.format(Locale.ROOT, "%-6s %-62s %9s %8s %11s %8s %9s %9s %8s %7s %7s", "record",
          "path", "records", "seconds", "records/s", "MB/s", "kinesis", "requests", "vs bare4", "vs same", "cpu us");
      System.out.printf(Locale.ROOT, "%n%s%n", header);
      rows.forEach(System.out::println);
      System.out.printf(Locale.ROOT, "%nHot partition key (every record has the same key):%n%s%n", header);
      hot.forEach(System.out::println);
      System.out.printf(Locale.ROOT, "%nEach row: the best of %d run(s) of its path (the bare 4-thread loop: of %d)."
          + "%n'vs bare4': records/s over the best run of the bare 4-thread loop of the same record size."
          + "%n'vs same': records/s over the best run of the bare 4-thread loop over the payloads this row puts on the "
          + "wire (the envelopes' own bytes; the data for the other rows)."
          + "%n'cpu us': CPU time of this process per record (the endpoint's and the JIT's included)."
          + "%nJVM %s, %d cores available, load average %.1f; fake endpoint on loopback (JSON protocol).%n", rounds,
          rounds + 1, Runtime.version(), Runtime.getRuntime().availableProcessors(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** One measured run; {@code cpuSeconds} is this process's CPU time during it (the endpoint's included). */
  private record Run(String label, int records, double seconds, double cpuSeconds, long kinesisRecords,
      long requests) {
    double perSecond() {
      return records / seconds;
    }

    Run as(String otherLabel) {
      return new Run(otherLabel, records, seconds, cpuSeconds, kinesisRecords, requests);
    }

    String row(int size, long bytes, double ratio, double sameBytesRatio) {
      return String.format(Locale.ROOT, "%-6s %-62s %,9d %8.2f %,11.0f %8.2f %,9d %,9d %8s %7s %7.1f", size + " B",
          label, records, seconds, perSecond(), bytes / 1e6 / seconds, kinesisRecords, requests, ratio(ratio),
          ratio(sameBytesRatio), cpuSeconds * 1e6 / records);
    }

    private static String ratio(double ratio) {
      return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio);
    }
  }

  /** Keeps the faster of the runs of one path. */
  private static void keepBest(Map<String, Run> best, Run run) {
    best.merge(run.label(), run, (a, b) -> b.perSecond() > a.perSecond() ? b : a);
  }

  /** CPU time of this process so far, in seconds. */
  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
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

  /** The payloads the connector puts on the wire in an envelope {@code mode}, encoded by its own encoder. */
  private static List<byte[]> envelopes(List<byte[]> payloads, String mode) {
    RecordEncoder encoder = new RecordEncoder(new PayloadFormat.Envelope(mode.equals("envelope_text")),
        new PartitionKeySpec.Random(), Optional.empty(), InvalidPayloads.FAIL, Map.of(), System::nanoTime);
    StreamDescriptor stream = new StreamDescriptor("bench", null);
    List<byte[]> out = new ArrayList<>(payloads.size());
    for (byte[] data : payloads) {
      out.add(encoder.encode(IncomingRecord.ofBytes(null, "bench", 1_700_000_000_000L, null, data), stream, "bench",
          1_700_000_000_000L).data());
    }
    return out;
  }

  private static Run bare(FakeKinesisEndpoint endpoint, int records, List<byte[]> payloads, int threads)
      throws Exception {
    endpoint.reset();
    try (KinesisClient client = KinesisClient.builder().endpointOverride(endpoint.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClient(ApacheHttpClient.builder().maxConnections(threads + 2).build()).build()) {
      AtomicLong next = new AtomicLong();
      double cpu = cpuSeconds();
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
      return new Run(threads == 4 ? BARE_4 : "bare SDK PutRecords loop, " + threads + " thread"
          + (threads > 1 ? "s" : ""), records, seconds, cpuSeconds() - cpu, endpoint.records(),
          endpoint.putRecordsCalls());
    }
  }

  private static Run connector(FakeKinesisEndpoint endpoint, int records, List<byte[]> payloads, Case c)
      throws Exception {
    endpoint.reset();
    Path dir = Files.createTempDirectory("kinesis-bench-");
    Path config = Files.writeString(dir.resolve("config.json"), c.config(endpoint));
    Path catalog = Files.writeString(dir.resolve("catalog.json"), "{\"streams\":[{\"stream\":{\"name\":\"bench\","
        + "\"json_schema\":{\"type\":\"object\"},\"supported_sync_modes\":[\"incremental\"]},\"sync_mode\":"
        + "\"incremental\",\"destination_sync_mode\":\"append\"}]}");
    CountingOutput stdout = new CountingOutput();
    double cpu = cpuSeconds();
    long start = System.nanoTime();
    int code = new ConnectorRunner(new KinesisDestination(), Clock.systemUTC()).run(new String[] {"write",
        "--config", config.toString(), "--catalog", catalog.toString()}, new Stdin(payloads, records), stdout);
    double seconds = (System.nanoTime() - start) / 1e9;
    cpu = cpuSeconds() - cpu;
    if (code != 0) {
      throw new IllegalStateException("The connector failed (exit " + code + ")");
    }
    long states = records / STATE_EVERY;
    if (stdout.states != states) {
      throw new IllegalStateException("Expected " + states + " states echoed, got " + stdout.states);
    }
    if (!c.aggregation() && endpoint.records() != records) {
      throw new IllegalStateException("Expected " + records + " records at the endpoint, got " + endpoint.records());
    }
    return new Run(c.label(), records, seconds, cpu, endpoint.records(), endpoint.putRecordsCalls());
  }

  private static long payloadBytes(List<byte[]> payloads, int records) {
    long bytes = 0;
    for (int i = 0; i < records; i++) {
      bytes += payloads.get(i % POOL).length;
    }
    return bytes;
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
