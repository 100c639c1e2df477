package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Our two Kinesis connectors agree on KPL aggregates misplaced by a reshard (the KPL/KCL convention): the
 * destination jar, aggregating, writes while the stream is split under it, so aggregates built for the old shard land
 * on a child whose hash key range does not hold all their records, and the destination sends those records again to
 * their own shards; the source jar then drops the misplaced copies. Every record is read exactly once, and in order
 * per partition key. Reading again with {@code keep_misplaced_records} shows the copies that were dropped, which
 * proves the split really misplaced aggregates.
 */
@Timeout(300)
class MisplacedAggregatesIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  private static final int RECORDS = 1200;
  private static final int KEYS = 32;
  private static final String CATALOG_STREAM = "misplaced";

  @Test
  void anAggregatedWriteDuringASplitIsReadBackExactlyOnce() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("misplaced"), 1);
    writeSplittingHalfway(stream);
    assertThat(KINESIS.shards(stream)).as("the parent and its two children").hasSize(3);

    ConnectorProcess source = ConnectorProcess.ofModule("source-kinesis").withTimeout(Duration.ofMinutes(3));
    JsonNode catalog = sourceCatalog(source, stream);

    ConnectorResult dropping = source.read(sourceConfig(stream), catalog, null);
    assertThat(dropping.exitCode()).as(dropping.toString()).isZero();
    List<JsonNode> payloads = payloads(dropping);
    Map<Integer, Long> timesRead = payloads.stream().collect(Collectors.groupingBy(p -> p.get("id").asInt(),
        Collectors.counting()));
    assertThat(timesRead).as("every record written").hasSize(RECORDS);
    assertThat(timesRead.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
        .as("records read twice").isEmpty();
    assertPerKeyOrder(payloads);
    assertThat(dropping.logMessages()).anyMatch(m -> m.contains("KPL aggregates lay outside the hash key range")
        && m.contains("were dropped"));

    ConnectorResult keeping = source.read(sourceConfig(stream).put("keep_misplaced_records", true), catalog, null);
    assertThat(keeping.exitCode()).as(keeping.toString()).isZero();
    List<JsonNode> kept = payloads(keeping);
    assertThat(kept.size()).as("the split misplaced aggregates whose records were sent again")
        .isGreaterThan(RECORDS);
    assertThat(kept.stream().map(p -> p.get("id").asInt()).distinct().count()).isEqualTo(RECORDS);
    assertThat(keeping.logMessages()).anyMatch(m -> m.contains("were kept ('keep_misplaced_records')")
        && m.contains((kept.size() - RECORDS) + " user records"));
  }

  /**
   * Writes {@link #RECORDS} records through the destination jar with aggregation on; once the first records are in
   * the stream's one shard (so the destination has its shard map), the shard is split while the destination goes on
   * writing with its old map.
   */
  private static void writeSplittingHalfway(String stream) {
    String parent = KINESIS.shards(stream).get(0).shardId();
    List<String> lines = new ArrayList<>();
    for (int id = 0; id < RECORDS; id++) {
      ObjectNode data = Messages.object().put("id", id).put("k", "key-" + id % KEYS).put("n", id / KEYS)
          .put("pad", "x".repeat(60));
      lines.add(Messages.record(null, CATALOG_STREAM, data, 1_700_000_000_000L));
    }
    lines.add(Messages.streamState(null, CATALOG_STREAM, Messages.json("{\"done\":true}"), 1));
    Iterator<String> all = lines.iterator();
    AtomicReference<RuntimeException> splitFailed = new AtomicReference<>();
    Iterator<String> input = new Iterator<>() {
      private int fed;

      @Override
      public boolean hasNext() {
        return all.hasNext();
      }

      @Override
      public String next() {
        if (fed++ == RECORDS / 2) {
          try {
            split(stream, parent);
          } catch (RuntimeException | AssertionError e) {
            // The feeding thread would swallow it: report it from the test's thread.
            splitFailed.set(new IllegalStateException("Splitting the stream failed", e));
          }
        }
        return all.next();
      }
    };
    ConnectorResult write = ConnectorProcess.ofModule("destination-kinesis").withTimeout(Duration.ofMinutes(3))
        .write(destinationConfig(stream), destinationCatalog(), input);
    if (splitFailed.get() != null) {
      throw splitFailed.get();
    }
    assertThat(write.exitCode()).as(write.toString()).isZero();
    assertThat(write.states()).as(write.toString()).hasSize(1);
  }

  /** Splits the stream's shard in two once it holds records (the part of the input fed so far is being written). */
  private static void split(String stream, String parent) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (KINESIS.readShard(stream, parent).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The destination wrote nothing within 120 s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    KINESIS.client().updateShardCount(r -> r.streamName(stream).targetShardCount(2).scalingType("UNIFORM_SCALING"));
    KINESIS.awaitActive(stream);
  }

  /** The payloads read, under {@code data} in the nested record layout, or the record's data itself when flat. */
  private static List<JsonNode> payloads(ConnectorResult read) {
    return read.records().stream().map(r -> r.at("/data/data").isObject() ? r.at("/data/data") : r.get("data"))
        .toList();
  }

  /** Within each partition key the counter {@code n} strictly increases in the order the source emitted. */
  private static void assertPerKeyOrder(List<JsonNode> payloads) {
    Map<String, Integer> last = new HashMap<>();
    List<String> violations = new ArrayList<>();
    for (JsonNode p : payloads) {
      Integer previous = last.put(p.get("k").asText(), p.get("n").asInt());
      if (previous != null && previous >= p.get("n").asInt()) {
        violations.add(p.get("k").asText() + ": " + p.get("n").asInt() + " after " + previous);
      }
    }
    assertThat(violations).as("per-key order").isEmpty();
  }

  private static ObjectNode destinationConfig(String stream) {
    ObjectNode config = Messages.object()
        .put("region", KINESIS.region())
        .put("endpoint", KINESIS.endpoint().toString())
        .put("accessKey", KINESIS.accessKey())
        .put("privateKey", KINESIS.secretKey())
        .put("target_stream", stream)
        .put("create_streams", false)
        .put("aggregation", true)
        .put("flush_interval_ms", 50);
    config.putObject("payload").put("mode", "data");
    config.putObject("partition_key").put("mode", "fields").putArray("fields").add("k");
    return config;
  }

  private static JsonNode destinationCatalog() {
    ObjectNode schema = Messages.json("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
        + "\"k\":{\"type\":\"string\"},\"n\":{\"type\":\"integer\"},\"pad\":{\"type\":\"string\"}}}");
    return Messages.catalog(Messages.configuredStream(null, CATALOG_STREAM, schema, "full_refresh", "append"));
  }

  private static ObjectNode sourceConfig(String stream) {
    ObjectNode config = Messages.object()
        .put("region", KINESIS.region())
        .put("endpoint", KINESIS.endpoint().toString())
        .put("access_key_id", KINESIS.accessKey())
        .put("secret_access_key", KINESIS.secretKey())
        .put("infer_schema", false);
    config.putArray("streams").add(stream);
    return config;
  }

  /** The stream as the source's discover offers it, configured for an incremental read. */
  private static JsonNode sourceCatalog(ConnectorProcess source, String stream) {
    ConnectorResult discovered = source.discover(sourceConfig(stream));
    assertThat(discovered.exitCode()).as(discovered.toString()).isZero();
    JsonNode offered = discovered.ofType("CATALOG").get(0).at("/catalog/streams/0");
    ObjectNode configured = Messages.configuredStream(null, stream, offered.get("json_schema"), "incremental",
        "append");
    configured.set("cursor_field", offered.get("default_cursor_field"));
    return Messages.catalog(configured);
  }
}
