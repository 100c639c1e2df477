package dev.awsconnectors.destination.s3.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-to-end benchmark: about 1 GB of RECORD lines through the connector's jar (a separate JVM with a fixed
 * heap, fed from a file on stdin, uploading to a null S3 endpoint that stores nothing), for each format, next to the
 * bare library writers on the same records in their own JVM with the same heap; then 20 streams interleaved.
 * Prints MB/s of JSON input, the peak resident memory of each JVM (VmHWM from /proc) and the connector's peak of
 * buffered bytes (from its summary log line).
 *
 * <p>Run with {@code ./run-benchmark.sh destination-s3 [-Dbench.mb=1000 ...]} (it builds the jar first). Options (system properties):
 * {@code bench.mb} (input size, default 1000), {@code bench.xmx} (heap of every JVM, default 1g),
 * {@code bench.formats} (default jsonl,csv,avro,parquet), {@code bench.streams} (default 20), {@code bench.dir}.
 */
public final class S3Benchmark {
  private static final double MB = 1_000_000.0;

  private S3Benchmark() {}

  record Run(String what, long inputBytes, long outputBytes, double seconds, long peakRssKb, String detail) {
    String line() {
      return String.format(Locale.ROOT, "%-34s %6.1f MB/s %7.1f s %7.1f MB in %7.1f MB out | peak RSS %5d MB %s",
          what, inputBytes / MB / seconds, seconds, inputBytes / MB, outputBytes / MB, peakRssKb / 1024, detail);
    }
  }

  public static void main(String[] args) throws Exception {
    long megabytes = Long.getLong("bench.mb", 1000);
    String xmx = System.getProperty("bench.xmx", "1g");
    List<String> formats = List.of(System.getProperty("bench.formats", "jsonl,csv,avro,parquet").split(","));
    int streams = Integer.getInteger("bench.streams", 20);
    Path dir = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
    Path jar = Path.of("target", "destination-s3.jar").toFile().isFile() ? Path.of("target", "destination-s3.jar")
        : Path.of("destination-s3", "target", "destination-s3.jar");
    if (!jar.toFile().isFile()) {
      throw new IllegalStateException("Build the jar first: mvn -pl destination-s3 package -DskipTests");
    }
    Path one = dir.resolve("s3-bench-1-stream.jsonl");
    Path many = dir.resolve("s3-bench-" + streams + "-streams.jsonl");
    System.out.printf(Locale.ROOT, "Generating %d MB of records (1 stream, then %d streams interleaved) in %s%n",
        megabytes, streams, dir);
    long records = BenchmarkData.write(one, megabytes * 1_000_000, 1);
    BenchmarkData.write(many, megabytes * 1_000_000, streams);
    System.out.printf(Locale.ROOT, "%,d records of %d bytes on average; every JVM runs with -Xmx%s; %d cores%n",
        records, Files.size(one) / records, xmx, Runtime.getRuntime().availableProcessors());
    List<Run> runs = new ArrayList<>();
    try (NullS3Endpoint s3 = new NullS3Endpoint()) {
      boolean bareRuns = Boolean.parseBoolean(System.getProperty("bench.bare", "true"));
      for (String format : formats) {
        if (bareRuns) {
          runs.add(print(bare(format, one, xmx)));
        }
        runs.add(print(connector(format, one, 1, xmx, s3)));
      }
      for (String format : List.of(System.getProperty("bench.manyFormats", "jsonl,parquet").split(","))) {
        if (!format.isBlank()) {
          runs.add(print(connector(format, many, streams, xmx, s3)));
        }
      }
    } finally {
      Files.deleteIfExists(one);
      Files.deleteIfExists(many);
    }
    System.out.println();
    System.out.println("Summary (MB/s of JSON input; peak RSS of the JVM that did the work; the connector's own peak "
        + "of buffered bytes, which its memory budget bounds):");
    runs.forEach(r -> System.out.println(r.line()));
  }

  private static Run print(Run run) {
    System.out.println(run.line());
    return run;
  }

  private static String formatConfig(String format) {
    return switch (format) {
      case "jsonl" -> "{\"format_type\":\"JSONL\",\"compression\":{\"compression_type\":\"GZIP\"}}";
      case "csv" -> "{\"format_type\":\"CSV\",\"flattening\":\"No flattening\",\"compression\":"
          + "{\"compression_type\":\"GZIP\"}}";
      case "avro" -> "{\"format_type\":\"Avro\",\"compression_codec\":{\"codec\":\"snappy\"}}";
      case "parquet" -> "{\"format_type\":\"Parquet\",\"compression_codec\":\"SNAPPY\"}";
      default -> throw new IllegalArgumentException(format);
    };
  }

  private static Run connector(String format, Path input, int streams, String xmx, NullS3Endpoint s3)
      throws Exception {
    Path dir = Files.createTempDirectory("s3-bench");
    ObjectNode config = (ObjectNode) ProtocolCodec.readTree("{\"s3_bucket_name\":\"bench\",\"s3_bucket_path\":"
        + "\"bench\",\"s3_bucket_region\":\"us-east-1\",\"access_key_id\":\"a\",\"secret_access_key\":\"b\"}");
    config.put("s3_endpoint", s3.endpoint().toString());
    config.set("format", ProtocolCodec.readTree(formatConfig(format)));
    ObjectNode catalog = ProtocolCodec.mapper().createObjectNode();
    var array = catalog.putArray("streams");
    for (int i = 0; i < streams; i++) {
      ObjectNode configured = array.addObject();
      ObjectNode stream = configured.putObject("stream").put("name", streams == 1 ? "bench" : "bench_" + i)
          .put("namespace", "ns");
      stream.set("json_schema", ProtocolCodec.readTree(BenchmarkData.SCHEMA));
      stream.putArray("supported_sync_modes").add("full_refresh");
      configured.put("sync_mode", "full_refresh").put("destination_sync_mode", "append");
    }
    Files.writeString(dir.resolve("config.json"), ProtocolCodec.serialize(config));
    Files.writeString(dir.resolve("catalog.json"), ProtocolCodec.serialize(catalog));
    long before = s3.bytes();
    long objectsBefore = s3.objects();
    Path jar = Path.of("target", "destination-s3.jar").toFile().isFile() ? Path.of("target", "destination-s3.jar")
        : Path.of("destination-s3", "target", "destination-s3.jar");
    List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx" + xmx));
    String extra = System.getProperty("bench.jvmArgs", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString(), "write", "--config", dir.resolve("config.json").toString(),
        "--catalog", dir.resolve("catalog.json").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(input.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    Measured m = measure(builder, "Wrote ");
    long out = s3.bytes() - before;
    java.util.regex.Matcher buffers = java.util.regex.Pattern.compile("peak (\\d+) MiB held by buffers")
        .matcher(m.lastLine);
    Files.delete(dir.resolve("config.json"));
    Files.delete(dir.resolve("catalog.json"));
    Files.delete(dir);
    return new Run("connector " + format + (streams > 1 ? " (" + streams + " streams)" : ""), Files.size(input),
        out, m.seconds, m.peakRssKb, "(" + (s3.objects() - objectsBefore) + " objects"
        + (buffers.find() ? ", buffers peak " + buffers.group(1) + " MiB" : "") + ")");
  }

  private static Run bare(String format, Path input, String xmx) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx" + xmx, "-cp",
        classpath(), BareWriters.class.getName(), format, input.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    Measured m = measure(builder, "BARE");
    String[] figures = m.lastLine.split(" ");
    return new Run("bare library " + format, Files.size(input), Long.parseLong(figures[3]), m.seconds,
        m.peakRssKb, "");
  }

  private record Measured(double seconds, long peakRssKb, String lastLine, String note) {}

  /** Runs the process to its end, sampling its peak resident set size, and keeps its last line of interest. */
  private static Measured measure(ProcessBuilder builder, String marker) throws Exception {
    long start = System.nanoTime();
    Process process = builder.start();
    AtomicLong peak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
      while (process.isAlive()) {
        try {
          for (String l : Files.readAllLines(status)) {
            if (l.startsWith("VmHWM:")) {
              peak.accumulateAndGet(Long.parseLong(l.replaceAll("[^0-9]", "")), Math::max);
            }
          }
          Thread.sleep(20);
        } catch (IOException | InterruptedException | RuntimeException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    String last = "";
    long states = 0;
    String error = "";
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null;) {
        if (line.contains(marker)) {
          last = line;
        }
        if (line.contains("\"type\":\"STATE\"")) {
          states++;
        }
        if (line.contains("\"failure_type\"")) {
          error = line;
        }
      }
    }
    int code = process.waitFor();
    sampler.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      throw new IllegalStateException(builder.command() + " failed with exit code " + code + ": " + error);
    }
    return new Measured(seconds, peak.get(), last, "");
  }

  private static String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The test classpath, also when a launcher (such as exec:java) runs this class in a class loader of its own. */
  private static String classpath() {
    List<String> entries = new ArrayList<>();
    ClassLoader loader = S3Benchmark.class.getClassLoader();
    while (loader != null) {
      if (loader instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          entries.add(new File(url.getPath()).getPath());
        }
      }
      loader = loader.getParent();
    }
    entries.add(System.getProperty("java.class.path"));
    return String.join(File.pathSeparator, entries);
  }
}
