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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-to-end benchmark: about 1 GB of RECORD lines through the connector's jar (a separate JVM with a fixed
 * heap, fed from a file on stdin, uploading to a null S3 endpoint that stores nothing), for each format, next to the
 * bare library writers on the same records in their own JVM with the same heap; then 20 streams interleaved.
 * Prints MB/s of JSON input, the peak resident memory of each JVM (VmHWM from /proc) and the connector's peak of
 * buffered bytes (from its summary log line).
 *
 * <p>Last, a stream directory that already holds {@code bench.dirObjects} objects (100,000 keys kept by the null
 * endpoint) against an empty one: time to the first stored file, total time and peak RSS of the same JSONL sync
 * into each, alternating, {@code bench.dirRuns} times.
 *
 * <p>Run with {@code ./run-benchmark.sh destination-s3 [-Dbench.mb=1000 ...]} (it builds the jar first). Options
 * (system properties): {@code bench.mb} (input size, default 1000), {@code bench.xmx} (heap of every JVM, default
 * 1g), {@code bench.formats} (default jsonl,csv,avro,parquet), {@code bench.streams} (default 20),
 * {@code bench.manyFormats} (default jsonl,parquet), {@code bench.rounds} (default 1: how many times each format's
 * bare, one-stream and interleaved runs are made, next to each other; each row shows the fastest, with the highest
 * peak RSS of its runs), {@code bench.imageXmx} (the heap of the image in its default
 * 2 GiB pod, for one more 20-stream Parquet run through the image's launcher, entrypoint.sh, which picks the
 * collector, with the pod's memory limit as the JVM reads it from the pod, {@code -XX:MaxRAM=2g}; default 1536m,
 * empty to skip), {@code bench.dirObjects} (default
 * 100000, 0 to skip), {@code bench.dirMb} (default 200), {@code bench.dirRuns} (default 2), {@code bench.bare}
 * (default true), {@code bench.jar} (another build of the connector), {@code bench.jvmArgs}, {@code bench.dir},
 * {@code bench.config} (a JSON object of config fields for every connector run, such as
 * {@code {"memory_budget_mb":200}}).
 */
public final class S3Benchmark {
  private static final double MB = 1_000_000.0;
  /** The memory of the image's default pod, of which the launcher's {@code MaxRAMPercentage=75} gives 1536m. */
  private static final String IMAGE_POD_MEMORY = "2g";

  private S3Benchmark() {}

  record Run(String what, long inputBytes, long outputBytes, double seconds, long peakRssKb, String detail) {
    double mbPerSecond() {
      return inputBytes / MB / seconds;
    }

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
    if (!jar().toFile().isFile()) {
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
    List<String> ratios = new ArrayList<>();
    try (NullS3Endpoint s3 = new NullS3Endpoint()) {
      boolean bareRuns = Boolean.parseBoolean(System.getProperty("bench.bare", "true"));
      List<String> manyFormats = List.of(System.getProperty("bench.manyFormats", "jsonl,parquet").split(","));
      int rounds = Integer.getInteger("bench.rounds", 1);
      // Per format and round: the bare writer, one stream, the streams interleaved, next to each other in time.
      Map<String, Run> best = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (String format : formats) {
          if (bareRuns) {
            keepBest(best, "bare " + format, print(bare(format, one, xmx)));
          }
          keepBest(best, "one " + format, print(connector(format, one, 1, xmx, s3, null).run()));
          if (manyFormats.contains(format)) {
            keepBest(best, "many " + format, print(connector(format, many, streams, xmx, s3, null).run()));
          }
        }
        for (String format : manyFormats) {
          if (!format.isBlank() && !formats.contains(format)) {
            keepBest(best, "many " + format, print(connector(format, many, streams, xmx, s3, null).run()));
          }
        }
      }
      runs.addAll(best.values());
      for (String format : formats) {
        Run single = best.get("one " + format);
        if (best.containsKey("bare " + format)) {
          ratios.add(String.format(Locale.ROOT, "%s: connector / bare library = %.2f", format,
              single.mbPerSecond() / best.get("bare " + format).mbPerSecond()));
        }
        if (best.containsKey("many " + format)) {
          ratios.add(String.format(Locale.ROOT, "%s: %d streams / 1 stream = %.2f (same memory budget)", format,
              streams, best.get("many " + format).mbPerSecond() / single.mbPerSecond()));
        }
      }
      if (rounds > 1) {
        ratios.add(String.format(Locale.ROOT, "(each row: the fastest of %d rounds, with the highest peak RSS of its "
            + "rounds)", rounds));
      }
      String imageXmx = System.getProperty("bench.imageXmx", "1536m").strip();
      if (!imageXmx.isEmpty()) {
        Run image = print(connector("parquet", many, streams, imageXmx, true, s3, null).run());
        runs.add(new Run(image.what() + " image -Xmx" + imageXmx + ", pod " + IMAGE_POD_MEMORY, image.inputBytes(),
            image.outputBytes(), image.seconds(), image.peakRssKb(), image.detail()));
      }
      int dirObjects = Integer.getInteger("bench.dirObjects", 100_000);
      if (dirObjects > 0) {
        ratios.addAll(directoryCase(s3, dirObjects, xmx, dir, runs));
      }
    } finally {
      Files.deleteIfExists(one);
      Files.deleteIfExists(many);
    }
    System.out.println();
    System.out.println("Summary (MB/s of JSON input; peak RSS of the JVM that did the work; the connector's own peak "
        + "of buffered bytes, which its memory budget bounds):");
    runs.stream().filter(java.util.Objects::nonNull).forEach(r -> System.out.println(r.line()));
    ratios.forEach(System.out::println);
  }

  /**
   * The same JSONL sync into a stream directory holding {@code objects} objects and into an empty one, alternating:
   * time to the first stored file, total time, peak RSS.
   */
  private static List<String> directoryCase(NullS3Endpoint s3, int objects, String xmx, Path dir, List<Run> runs)
      throws Exception {
    long megabytes = Long.getLong("bench.dirMb", 200);
    int repeats = Integer.getInteger("bench.dirRuns", 2);
    Path input = dir.resolve("s3-bench-directory.jsonl");
    BenchmarkData.write(input, megabytes * 1_000_000, 1);
    long inputBytes = Files.size(input);
    ObjectNode extra = (ObjectNode) ProtocolCodec.readTree("{\"s3_path_format\":\"${NAMESPACE}/${STREAM_NAME}/\","
        + "\"target_file_size_mb\":8}");
    double[] firstFile = new double[2];
    long[] rss = new long[2];
    double[] total = new double[2];
    try {
      for (int i = 0; i < 2 * repeats; i++) {
        boolean full = i % 2 == 1;
        s3.clear();
        if (full) {
          s3.seed("bench/ns/bench/", objects, ".jsonl.gz");
        }
        ConnectorRun c = connector("jsonl", input, 1, xmx, s3, extra);
        Run run = c.run();
        int k = full ? 1 : 0;
        firstFile[k] += c.firstFileSeconds() / repeats;
        rss[k] += run.peakRssKb() / repeats;
        total[k] += run.seconds() / repeats;
        System.out.printf(Locale.ROOT, "directory with %,d objects: first file stored after %.2f s, %.1f s in all, "
            + "peak RSS %d MB%n", full ? objects : 0, c.firstFileSeconds(), run.seconds(), run.peakRssKb() / 1024);
      }
    } finally {
      s3.clear();
      Files.deleteIfExists(input);
    }
    for (int k = 0; k < 2; k++) {
      runs.add(new Run(String.format(Locale.ROOT, "connector jsonl, dir of %,d objects", k == 0 ? 0 : objects),
          inputBytes, 0, total[k], rss[k], String.format(
              Locale.ROOT, "(first file after %.2f s, mean of %d)", firstFile[k], repeats)));
    }
    return List.of(String.format(Locale.ROOT, "directory of %,d objects / empty: time to the first stored file %.2f, "
        + "peak RSS %.2f", objects, firstFile[1] / firstFile[0], (double) rss[1] / rss[0]));
  }

  /** Keeps the faster run of a path, with the highest peak RSS of its runs (memory is not a best-of figure). */
  private static void keepBest(Map<String, Run> best, String path, Run run) {
    best.merge(path, run, (a, b) -> {
      Run faster = b.mbPerSecond() > a.mbPerSecond() ? b : a;
      return new Run(faster.what(), faster.inputBytes(), faster.outputBytes(), faster.seconds(),
          Math.max(a.peakRssKb(), b.peakRssKb()), faster.detail());
    });
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

  /** One connector run and when its first object was stored (seconds after the process started). */
  private record ConnectorRun(Run run, double firstFileSeconds) {}

  /** @param extra config fields added to (or replacing) the benchmark's, or null */
  private static ConnectorRun connector(String format, Path input, int streams, String xmx, NullS3Endpoint s3,
      ObjectNode extra) throws Exception {
    return connector(format, input, streams, xmx, false, s3, extra);
  }

  /**
   * @param asImage run the jar through the image's launcher (entrypoint.sh, from a directory laid out like the
   *     image), with {@code -Xmx} in JAVA_OPTS as the platform passes it, instead of {@code java -jar}
   */
  private static ConnectorRun connector(String format, Path input, int streams, String xmx, boolean asImage,
      NullS3Endpoint s3, ObjectNode extra) throws Exception {
    Path dir = Files.createTempDirectory("s3-bench");
    ObjectNode config = (ObjectNode) ProtocolCodec.readTree("{\"s3_bucket_name\":\"bench\",\"s3_bucket_path\":"
        + "\"bench\",\"s3_bucket_region\":\"us-east-1\",\"access_key_id\":\"a\",\"secret_access_key\":\"b\"}");
    config.put("s3_endpoint", s3.endpoint().toString());
    config.set("format", ProtocolCodec.readTree(formatConfig(format)));
    String common = System.getProperty("bench.config", "").strip();
    if (!common.isEmpty()) {
      config.setAll((ObjectNode) ProtocolCodec.readTree(common));
    }
    if (extra != null) {
      config.setAll(extra);
    }
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
    String jvmArgs = System.getProperty("bench.jvmArgs", "").strip();
    List<String> command = new ArrayList<>();
    if (asImage) {
      command.addAll(List.of("sh", imageLayout(dir).toString()));
    } else {
      command.addAll(List.of(javaCommand(), "-Xmx" + xmx));
      if (!jvmArgs.isEmpty()) {
        command.addAll(List.of(jvmArgs.split("\\s+")));
      }
      command.addAll(List.of("-jar", jar().toString()));
    }
    command.addAll(List.of("write", "--config", dir.resolve("config.json").toString(), "--catalog",
        dir.resolve("catalog.json").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(input.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    if (asImage) {
      builder.environment().put("JAVA_OPTS", ("-Xmx" + xmx + " " + jvmArgs).strip());
      // The pod's memory limit, which the JVM reads from the pod's cgroup and which sizes its initial heap (1/64 of
      // it). Without it the JVM would size that heap from this machine's RAM: 384 MiB of 24 GiB, not the pod's 32.
      builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=" + IMAGE_POD_MEMORY);
    }
    s3.markFirstObject();
    Measured m = measure(builder, "Wrote ");
    long out = s3.bytes() - before;
    java.util.regex.Matcher buffers = java.util.regex.Pattern.compile("peak (\\d+) MiB held by buffers")
        .matcher(m.lastLine);
    Files.delete(dir.resolve("config.json"));
    Files.delete(dir.resolve("catalog.json"));
    if (asImage) {
      for (String file : List.of("bin/destination-s3", "lib/destination-s3.jar", "bin", "lib")) {
        Files.delete(dir.resolve(file));
      }
    }
    Files.delete(dir);
    Run run = new Run("connector " + format + (streams > 1 ? " (" + streams + " streams)" : ""), Files.size(input),
        out, m.seconds, m.peakRssKb, "(" + (s3.objects() - objectsBefore) + " objects"
        + (buffers.find() ? ", buffers peak " + buffers.group(1) + " MiB" : "") + ")");
    return new ConnectorRun(run, s3.firstObjectNanos() == 0 ? Double.NaN
        : (s3.firstObjectNanos() - m.startNanos) / 1e9);
  }

  /** The image's launcher in {@code dir/bin}, the jar linked in {@code dir/lib}, as the Dockerfile lays them out. */
  private static Path imageLayout(Path dir) throws Exception {
    Path launcher = Files.createDirectories(dir.resolve("bin")).resolve("destination-s3");
    Path entrypoint = Path.of("entrypoint.sh").toFile().isFile() ? Path.of("entrypoint.sh")
        : Path.of("destination-s3", "entrypoint.sh");
    Files.copy(entrypoint, launcher);
    Files.createSymbolicLink(Files.createDirectories(dir.resolve("lib")).resolve("destination-s3.jar"),
        jar().toAbsolutePath());
    return launcher;
  }

  /** The connector's jar: {@code bench.jar}, or the module's build. */
  private static Path jar() {
    String other = System.getProperty("bench.jar", "").strip();
    if (!other.isEmpty()) {
      return Path.of(other);
    }
    return Path.of("target", "destination-s3.jar").toFile().isFile() ? Path.of("target", "destination-s3.jar")
        : Path.of("destination-s3", "target", "destination-s3.jar");
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

  private record Measured(long startNanos, double seconds, long peakRssKb, String lastLine) {}

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
    return new Measured(start, seconds, peak.get(), last);
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
