package dev.awsconnectors.destination.kinesis.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.ConnectorRunner;
import dev.awsconnectors.commons.runtime.IncomingRecord;
import dev.awsconnectors.destination.kinesis.FakeKinesisEndpoint;
import dev.awsconnectors.destination.kinesis.KinesisDestination;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.InvalidPayloads;
import dev.awsconnectors.destination.kinesis.config.PartitionKeySpec;
import dev.awsconnectors.destination.kinesis.config.PayloadFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What each payload mode costs, in one run (a command that prints figures, not a test):
 *
 * <ol>
 *   <li>the encoder alone on one thread (its CPU time, best of three interleaved rounds), for the same records: {@code data} (the bare serialisation of the record),
 *       {@code envelope_text}, {@code envelope_v2}, and {@code template} with a template that writes the same JSON
 *       as {@code data} (so output bytes are equal and the figures compare the work, not the size);
 *   <li>the whole connector ({@code ConnectorRunner} reading JSON lines from memory, random keys) against the
 *       in-process fake Kinesis endpoint, {@code data} next to {@code template}.
 * </ol>
 *
 * <p>Run: {@code ./run-benchmark.sh destination-kinesis} builds the classpath; then, from {@code destination-kinesis},
 * {@code java -cp "target/test-classes:target/classes:$(cat target/benchmark.classpath)"
 * dev.awsconnectors.destination.kinesis.envelope.PayloadModeBenchmark [records100B] [records2KB]}.
 */
public final class PayloadModeBenchmark {
  private static final int POOL = 1_000;
  /** Writes exactly what {@code data} mode writes for the benchmark's records. */
  static final String SAME_AS_DATA = """
      {"id": {{ row.id }}, "name": {{ row.name | json }}, "email": {{ row.email | json }},
       "score": {{ row.score | json }}, "tags": {{ row.tags | json }}, "payload": {{ row.payload | json }}}""";
  private static final StreamDescriptor STREAM = new StreamDescriptor("bench", null);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PayloadModeBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("aws.cborEnabled", "false");
    System.setProperty("LOG_LEVEL", "WARN");
    int small = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    List<String> rows = new ArrayList<>();
    encoderRows(100, small, rows);
    encoderRows(2048, large, rows);
    try (FakeKinesisEndpoint endpoint = FakeKinesisEndpoint.start(4)) {
      connector(endpoint, 100, 20_000, "data"); // warm-up
      connector(endpoint, 100, 20_000, "template");
      for (int size : new int[] {100, 2048}) {
        int records = size == 100 ? small : large;
        rows.add(connectorRow(endpoint, size, records, "data"));
        rows.add(connectorRow(endpoint, size, records, "template"));
      }
    }
    System.out.printf(Locale.ROOT, "%n%-6s %-44s %9s %8s %11s %8s%n", "record", "path", "records", "seconds",
        "records/s", "MB/s");
    rows.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "%nJVM %s, %d cores available; MB/s counts the payload bytes sent.%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors());
  }

  /** {@code size}-byte records of mixed field types, all different. */
  static List<JsonNode> records(int size) {
    List<JsonNode> out = new ArrayList<>(POOL);
    for (int i = 0; i < POOL; i++) {
      String head = "{\"id\":" + i + ",\"name\":\"user \\\"" + i + "\\\"\",\"email\":\"user-" + i
          + "@example.com\",\"score\":" + (i % 100) + ".50,\"tags\":[\"a\",\"b\"],\"payload\":\"";
      int fill = Math.max(0, size - head.length() - 2);
      out.add(ProtocolCodec.readTreeUnchecked(head + "abcdefghij".repeat(fill / 10 + 1).substring(0, fill) + "\"}"));
    }
    return out;
  }

  private static void encoderRows(int size, int records, List<String> rows) throws Exception {
    // As the runner hands them over: data and the envelopes copy the data's bytes, the other modes read its tree.
    List<IncomingRecord> messages = records(size).stream()
        .map(data -> IncomingRecord.of(new AirbyteRecordMessage(null, "bench", data, 1_700_000_000_000L))).toList();
    PayloadTemplate template = PayloadTemplate.compile(SAME_AS_DATA, TemplateLimits.DEFAULT);
    byte[] expected = encoder(new PayloadFormat.Data()).encode(messages.get(7), STREAM, "bench", 0).data();
    if (!Arrays.equals(expected, encoder(new PayloadFormat.Template(template))
        .encode(messages.get(7), STREAM, "bench", 0).data())) {
      throw new IllegalStateException("The template does not write what data mode writes");
    }
    List<PayloadFormat> formats = List.of(new PayloadFormat.Data(), new PayloadFormat.Envelope(true),
        new PayloadFormat.EnvelopeV2(), new PayloadFormat.Template(template));
    double[] best = new double[formats.size()];
    long[] bytes = new long[formats.size()];
    // Rounds interleave the modes; each mode's best round counts. Thread CPU time, not wall time, so that other
    // processes on a shared machine disturb the comparison less.
    for (int round = 0; round < 3; round++) {
      for (int m = 0; m < formats.size(); m++) {
        RecordEncoder encoder = encoder(formats.get(m));
        for (int i = 0; i < 20_000; i++) { // this encoder's JIT warm-up
          encoder.encode(messages.get(i % POOL), STREAM, "bench", 1_700_000_000_000L);
        }
        long sent = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < records; i++) {
          sent += encoder.encode(messages.get(i % POOL), STREAM, "bench", 1_700_000_000_000L).data().length;
        }
        double seconds = (THREADS.getCurrentThreadCpuTime() - start) / 1e9;
        if (round == 0 || seconds < best[m]) {
          best[m] = seconds;
          bytes[m] = sent;
        }
      }
    }
    for (int m = 0; m < formats.size(); m++) {
      rows.add(row(size, "encoder (CPU s), " + name(formats.get(m)), records, best[m], bytes[m]));
    }
  }

  private static RecordEncoder encoder(PayloadFormat format) {
    return new RecordEncoder(format, new PartitionKeySpec.Random(), Optional.empty(), InvalidPayloads.FAIL, Map.of(),
        System::nanoTime);
  }

  private static String name(PayloadFormat format) {
    if (format instanceof PayloadFormat.Template) {
      return "template (same JSON as data)";
    }
    return format instanceof PayloadFormat.Data ? "data" : format instanceof PayloadFormat.EnvelopeV2
        ? "envelope_v2" : "envelope_text";
  }

  private static String connectorRow(FakeKinesisEndpoint endpoint, int size, int records, String mode)
      throws Exception {
    double seconds = connector(endpoint, size, records, mode);
    return row(size, "connector, " + mode, records, seconds, endpoint.dataBytes());
  }

  /** One {@code write} through the runner; the seconds it took. */
  private static double connector(FakeKinesisEndpoint endpoint, int size, int records, String mode)
      throws Exception {
    endpoint.reset();
    String payload = mode.equals("data") ? "{\"mode\":\"data\"}"
        : "{\"mode\":\"template\",\"template\":" + ProtocolCodec.serialize(SAME_AS_DATA) + "}";
    Path dir = Files.createTempDirectory("payload-bench-");
    try {
      Path config = Files.writeString(dir.resolve("config.json"), "{\"endpoint\":\"" + endpoint.endpoint()
          + "\",\"region\":\"us-east-1\",\"accessKey\":\"bench\",\"privateKey\":\"bench\",\"target_stream\":\"bench\","
          + "\"payload\":" + payload + "}");
      Path catalog = Files.writeString(dir.resolve("catalog.json"), "{\"streams\":[{\"stream\":{\"name\":\"bench\","
          + "\"json_schema\":{\"type\":\"object\"},\"supported_sync_modes\":[\"incremental\"]},\"sync_mode\":"
          + "\"incremental\",\"destination_sync_mode\":\"append\"}]}");
      ByteArrayOutputStream stdin = new ByteArrayOutputStream();
      List<JsonNode> data = records(size);
      for (int i = 0; i < records; i++) {
        stdin.write(ProtocolCodec.serialize(new AirbyteRecordMessage(null, "bench", data.get(i % POOL),
            1_700_000_000_000L)).replaceFirst("^", "{\"type\":\"RECORD\",\"record\":").concat("}\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      long start = System.nanoTime();
      int code = new ConnectorRunner(new KinesisDestination(), Clock.systemUTC()).run(new String[] {"write",
          "--config", config.toString(), "--catalog", catalog.toString()},
          new ByteArrayInputStream(stdin.toByteArray()), OutputStream.nullOutputStream());
      double seconds = (System.nanoTime() - start) / 1e9;
      if (code != 0 || endpoint.records() != records) {
        throw new IllegalStateException("The connector failed (exit " + code + ", " + endpoint.records()
            + " records stored)");
      }
      return seconds;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  private static String row(int size, String path, int records, double seconds, long bytes) {
    return String.format(Locale.ROOT, "%-6s %-44s %,9d %8.2f %,11.0f %8.2f", size + " B", path, records, seconds,
        records / seconds, bytes / 1e6 / seconds);
  }
}
