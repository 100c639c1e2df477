package dev.awsconnectors.source.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.KinesisMockExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Incremental syncs against kinesis-mock: each record exactly once across runs, from every start position. */
class IncrementalReadIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  @Test
  void secondRunReturnsExactlyTheRecordsWrittenAfterTheFirst() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("incr"), 3);
    KinesisWriter writer = new KinesisWriter(KINESIS.client(), stream);
    List<JsonNode> first = writer.write(600, 30, "run1");
    ObjectNode config = SourceHarness.config(KINESIS, stream);
    JsonNode catalog = SourceHarness.catalog("incremental", stream);

    CollectingOutput run1 = SourceHarness.read(config, catalog, null);
    assertThat(payloads(run1)).containsExactlyInAnyOrderElementsOf(first);
    assertThat(run1.statuses(stream)).containsExactly("STARTED", "RUNNING", "COMPLETE");

    List<JsonNode> second = writer.write(450, 30, "run2");
    CollectingOutput run2 = SourceHarness.read(config, catalog, run1.lastStatesArray());
    assertThat(payloads(run2)).containsExactlyInAnyOrderElementsOf(second);

    CollectingOutput run3 = SourceHarness.read(config, catalog, run2.lastStatesArray());
    assertThat(run3.records()).isEmpty();
    assertThat(run3.states()).isNotEmpty();
    assertThat(run3.lastStatesArray().get(0).at("/stream/stream_state"))
        .isEqualTo(run2.lastStatesArray().get(0).at("/stream/stream_state"));
  }

  @Test
  void latestSkipsWhatWasThereAtTheFirstSyncAndNothingAfter() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("latest"), 2);
    KinesisWriter writer = new KinesisWriter(KINESIS.client(), stream);
    writer.write(200, 10, "before");
    ObjectNode config = SourceHarness.config(KINESIS, stream).put("start_position", "LATEST");
    JsonNode catalog = SourceHarness.catalog("incremental", stream);

    CollectingOutput run1 = SourceHarness.read(config, catalog, null);
    assertThat(run1.records()).isEmpty();
    assertThat(run1.states()).isNotEmpty();

    // Only one key, so one shard gets records and the other stays without any position.
    List<JsonNode> after = new KinesisWriter(KINESIS.client(), stream).write(120, 1, "after");
    CollectingOutput run2 = SourceHarness.read(config, catalog, run1.lastStatesArray());
    assertThat(payloads(run2)).containsExactlyElementsOf(after);

    List<JsonNode> later = new KinesisWriter(KINESIS.client(), stream).write(90, 7, "later");
    CollectingOutput run3 = SourceHarness.read(config, catalog, run2.lastStatesArray());
    assertThat(payloads(run3)).containsExactlyInAnyOrderElementsOf(later);
  }

  @Test
  void atTimestampStartsAtRecordsThatArrivedFromThen() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("at-ts"), 2);
    KinesisWriter writer = new KinesisWriter(KINESIS.client(), stream);
    writer.write(150, 10, "old");
    Instant boundary = KINESIS.readAll(stream).stream().map(r -> r.approximateArrivalTimestamp())
        .max(Instant::compareTo).orElseThrow().plusMillis(1);
    waitUntilAfter(boundary);
    List<JsonNode> fresh = writer.write(130, 10, "new");
    ObjectNode config = SourceHarness.config(KINESIS, stream).put("start_position", "AT_TIMESTAMP")
        .put("start_timestamp", boundary.toString());
    JsonNode catalog = SourceHarness.catalog("incremental", stream);

    CollectingOutput run1 = SourceHarness.read(config, catalog, null);
    assertThat(payloads(run1)).containsExactlyInAnyOrderElementsOf(fresh);
    List<JsonNode> more = writer.write(40, 10, "more");
    CollectingOutput run2 = SourceHarness.read(config, catalog, run1.lastStatesArray());
    assertThat(payloads(run2)).containsExactlyInAnyOrderElementsOf(more);
  }

  @Test
  void fullRefreshReadsEverythingEveryTimeAndStillEmitsStates() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("full"), 2);
    List<JsonNode> written = new KinesisWriter(KINESIS.client(), stream).write(300, 10, "x");
    ObjectNode config = SourceHarness.config(KINESIS, stream);
    JsonNode catalog = SourceHarness.catalog("full_refresh", stream);

    CollectingOutput run1 = SourceHarness.read(config, catalog, null);
    CollectingOutput run2 = SourceHarness.read(config, catalog, run1.lastStatesArray());
    assertThat(payloads(run1)).containsExactlyInAnyOrderElementsOf(written);
    assertThat(payloads(run2)).containsExactlyInAnyOrderElementsOf(written);
    assertThat(run2.states()).isNotEmpty();
    long lastOfRun1 = run1.ofType("RECORD").stream().mapToLong(m -> m.at("/record/emitted_at").asLong()).max()
        .orElseThrow();
    long firstOfRun2 = run2.ofType("RECORD").stream().mapToLong(m -> m.at("/record/emitted_at").asLong()).min()
        .orElseThrow();
    assertThat(firstOfRun2).isGreaterThan(lastOfRun1);
  }

  static List<JsonNode> payloads(CollectingOutput output) {
    return output.records().stream().map(d -> d.get("data")).toList();
  }

  private static void waitUntilAfter(Instant instant) throws InterruptedException {
    while (!Instant.now().isAfter(instant.plusMillis(5))) {
      Thread.sleep(5);
    }
  }
}
