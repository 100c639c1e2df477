package dev.awsconnectors.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMock;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.S3Emulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The README's main command. On local emulators (kinesis-mock, S3Proxy on disk), with the three connector jars run
 * as the platform runs them: sample records -> destination-kinesis write -> source-kinesis read (state saved) ->
 * destination-s3 write in Parquet, the source piped into the destination as they run; then a second round with new
 * records that must move only those. Prints progress and a summary; exits 1 if any step or check fails.
 */
public final class EndToEndDemo {
  private static final int[] ROUND_ORDERS = {700, 350};
  private static final int[] ROUND_CUSTOMERS = {300, 150};
  private static final String END = "\u0000end";

  private final Path repo;
  private final OutputDirectory output;
  private final Console console;
  private final List<String> roundSummaries = new ArrayList<>();
  private final Set<String> idsSeen = new TreeSet<>();
  private JsonNode savedState;

  private EndToEndDemo(Path repo, Console console) {
    this.repo = repo;
    this.output = new OutputDirectory(repo.resolve("demo-output"));
    this.console = console;
  }

  public static void main(String[] args) {
    Console console = new Console(System.out);
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    int code;
    try {
      code = new EndToEndDemo(repo, console).run() ? 0 : 1;
    } catch (Exception e) {
      console.line("");
      console.line("The demo failed: " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
      code = 1;
    }
    System.exit(code);
  }

  private boolean run() throws Exception {
    output.prepare();
    boolean ok = false;
    try {
      ok = runIn(output.working());
    } finally {
      if (ok) {
        output.commit();
      } else {
        output.discard();
        console.line("The previous output in " + output.finalDir() + ", if any, is unchanged.");
      }
    }
    if (ok) {
      console.info("Output in " + output.finalDir() + " (state.json, and the S3 bucket under s3/).");
      console.info("The emulators are stopped now; run ./run-demo.sh again for a fresh start.");
    }
    return ok;
  }

  /** The demo, writing to {@code dir}; the summary names the paths the output will have once committed. */
  private boolean runIn(Path dir) throws Exception {
    console.step("Starting the local emulators (kinesis-mock is installed from npm on first use)");
    try (KinesisMock kinesis = KinesisMock.start(); S3Emulator s3 = S3Emulator.startOnDisk(dir.resolve("s3"));
        S3Client s3Client = s3.client()) {
      console.info("kinesis-mock at " + kinesis.endpoint() + ", S3Proxy at " + s3.endpoint());
      s3Client.createBucket(r -> r.bucket(DemoConfigs.BUCKET));
      long nextId = 1;
      for (int round = 1; round <= 2; round++) {
        int orders = ROUND_ORDERS[round - 1];
        int customers = ROUND_CUSTOMERS[round - 1];
        if (!round(round, orders, customers, nextId, kinesis, s3, dir)) {
          return false;
        }
        nextId += Math.max(orders, customers);
      }
      return summary(s3Client, dir);
    }
  }

  private boolean round(int round, int orders, int customers, long firstId, KinesisMock kinesis, S3Emulator s3,
      Path dir) throws Exception {
    int expected = orders + customers;
    console.step("Round " + round + ": writing " + expected + " new records (" + orders + " orders, " + customers
        + " customers) to Kinesis with destination-kinesis");
    List<String> input = SampleData.round(round, orders, customers, firstId);
    ConnectorResult written = connector("destination-kinesis").write(
        DemoConfigs.destinationKinesis(kinesis.endpoint()), DemoConfigs.destinationKinesisCatalog(), input);
    long statesIn = input.stream().filter(l -> l.contains("\"type\":\"STATE\"")).count();
    if (!succeeded("destination-kinesis write", written)
        || !check(written.states().size() == statesIn, "destination-kinesis acknowledged " + written.states().size()
        + " of " + statesIn + " states")) {
      return false;
    }
    long toKinesis = committed(written);
    console.info(toKinesis + " records acknowledged by Kinesis; every state echoed after its records ("
        + statesIn + " states)");

    console.step("Round " + round + ": reading Kinesis with source-kinesis"
        + (savedState == null ? " from the start" : " from the saved state")
        + ", piped into destination-s3 (Parquet)");
    String[] streams = {"shop_orders", "shop_customers"};
    ObjectNode sourceConfig = DemoConfigs.sourceKinesis(kinesis.endpoint(), streams);
    ConnectorResult discovered = connector("source-kinesis").discover(sourceConfig);
    if (!succeeded("source-kinesis discover", discovered)) {
      return false;
    }
    JsonNode discoveredCatalog = discovered.ofType("CATALOG").get(0).get("catalog");
    if (round == 1) {
      console.info("discover inferred the payload fields from a sample of every shard:");
      SchemaSummary.lines(discoveredCatalog).forEach(line -> console.info("  " + line));
    }
    ObjectNode catalog = DemoConfigs.configure(discoveredCatalog, round);
    Pipe pipe = new Pipe(streams);
    JsonNode stateIn = savedState;
    CompletableFuture<ConnectorResult> read = CompletableFuture.supplyAsync(() -> connector("source-kinesis")
        .withListener(pipe::fromSource).read(sourceConfig, catalog, stateIn));
    read.whenComplete((result, failure) -> pipe.sourceEnded(failure == null && result.exitCode() == 0));
    ConnectorResult loaded = connector("destination-s3").write(DemoConfigs.destinationS3(s3.endpoint()), catalog,
        pipe);
    ConnectorResult readResult = read.get(5, TimeUnit.MINUTES);
    if (!succeeded("source-kinesis read", readResult) || !succeeded("destination-s3 write", loaded)) {
      return false;
    }
    long readCount = readResult.records().size();
    long toS3 = committed(loaded);
    int duplicates = 0;
    for (JsonNode record : readResult.records()) {
      JsonNode data = record.path("data"); // the record's data: the payload's fields, flattened
      String id = record.path("stream").asText() + ":" + data.path("order_id").asText(data.path("customer_id")
          .asText());
      if (!idsSeen.add(id)) {
        duplicates++;
      }
    }
    savedState = lastStatePerStream(loaded.states());
    Path stateFile = dir.resolve("state.json");
    Files.writeString(stateFile, ProtocolCodec.mapper().writerWithDefaultPrettyPrinter()
        .writeValueAsString(savedState));
    console.info(readCount + " records read from Kinesis, " + toS3 + " committed to S3 ("
        + loaded.states().size() + " states echoed); state saved to state.json");
    boolean ok = check(readCount == expected, "source-kinesis read exactly this round's " + expected
        + " records (read " + readCount + ")")
        && check(duplicates == 0, "no record of an earlier round was read again (" + duplicates + " were)")
        && check(toS3 == readCount, "destination-s3 committed every record it received (" + toS3 + " of "
        + readCount + ")");
    roundSummaries.add(String.format(Locale.ROOT,
        "Round %d: %,d records -> Kinesis (%,d acknowledged) -> source-kinesis read %,d -> S3 committed %,d",
        round, expected, toKinesis, readCount, toS3));
    return ok;
  }

  private boolean summary(S3Client s3, Path dir) throws Exception {
    Path finalBucket = output.finalDir().resolve("s3").resolve(DemoConfigs.BUCKET);
    console.step("Summary");
    roundSummaries.forEach(console::info);
    console.blank();
    console.info("Files written to s3://" + DemoConfigs.BUCKET + "/ (on disk under " + finalBucket + "):");
    long total = 0;
    for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(DemoConfigs.BUCKET)).contents()) {
      console.info(String.format(Locale.ROOT, "  %-90s %,10d bytes", object.key(), object.size()));
      total += object.size();
    }
    console.info(String.format(Locale.ROOT, "  %-90s %,10d bytes", "total", total));
    console.blank();
    console.info("Saved state (state.json), one entry per Kinesis stream:");
    for (String line : ProtocolCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(savedState)
        .split("\n")) {
      console.info("  " + line);
    }
    boolean typed = new ParquetReport(console).print(dir.resolve("s3").resolve(DemoConfigs.BUCKET),
        List.of("shop_orders", "shop_customers"), finalBucket);
    console.blank();
    console.info("Look at the output yourself, for example with the DuckDB command line:");
    console.info("  duckdb -c \"DESCRIBE SELECT * FROM " + ParquetReport.files(finalBucket, "shop_orders") + "\"");
    return check(typed, "every payload field landed in a typed Parquet column");
  }

  private ConnectorProcess connector(String module) {
    return ConnectorProcess.ofJar(repo.resolve(module).resolve("target").resolve(module + ".jar"))
        .withListener(message -> showProgress(module, message));
  }

  private void showProgress(String module, JsonNode message) {
    if ("LOG".equals(message.path("type").asText())) {
      String level = message.at("/log/level").asText();
      if (!level.equals("DEBUG") && !level.equals("TRACE")) {
        console.connector(module, level, message.at("/log/message").asText());
      }
    }
  }

  private boolean succeeded(String what, ConnectorResult result) {
    if (result.exitCode() == 0) {
      return true;
    }
    console.line("FAILED: " + what + " exited with " + result.exitCode());
    result.errors().forEach(e -> console.line("  " + e.path("failure_type").asText() + ": "
        + e.path("message").asText()));
    return false;
  }

  private boolean check(boolean condition, String description) {
    console.info((condition ? "OK   " : "FAIL ") + description);
    return condition;
  }

  /** The records a destination committed: the sum of destinationStats.recordCount over its echoed states. */
  private static long committed(ConnectorResult result) {
    return result.states().stream().mapToLong(s -> s.at("/destinationStats/recordCount").asLong()).sum();
  }

  /** What the platform would keep: the last committed state of each stream, in the array form. */
  private static JsonNode lastStatePerStream(List<JsonNode> states) {
    Map<String, JsonNode> last = new LinkedHashMap<>();
    for (JsonNode state : states) {
      ObjectNode copy = state.deepCopy();
      copy.remove("destinationStats");
      last.put(state.at("/stream/stream_descriptor/name").asText(), copy);
    }
    ArrayNode array = ProtocolCodec.mapper().createArrayNode();
    last.values().forEach(array::add);
    return array;
  }

  /**
   * The platform's job between a source and a destination: forwards the source's RECORD and STATE messages to the
   * destination's stdin as they come; when the source succeeded, a STREAM_STATUS COMPLETE per stream; then ends.
   */
  private static final class Pipe implements Iterator<String> {
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(10_000);
    private final String[] streams;
    private String next;

    Pipe(String[] streams) {
      this.streams = streams;
    }

    void fromSource(JsonNode message) {
      String type = message.path("type").asText();
      if (type.equals("RECORD") || type.equals("STATE")) {
        put(ProtocolCodec.serialize(message));
      }
    }

    void sourceEnded(boolean succeeded) {
      if (succeeded) {
        for (String stream : streams) {
          put(Messages.streamStatus(null, stream, "COMPLETE"));
        }
      }
      put(END);
    }

    private void put(String line) {
      try {
        queue.put(line);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        try {
          next = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return !END.equals(next);
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String line = next;
      next = null;
      return line;
    }
  }
}
