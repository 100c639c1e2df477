package dev.awsconnectors.source.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.KinesisMockExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each stop condition ends a sync, and the next sync continues exactly where it stopped: nothing twice, nothing
 * missing.
 */
class StopConditionIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  @Test
  void maxRecordsIsExactAndSharedByEveryShard() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("max-records"), 4);
    List<JsonNode> written = new KinesisWriter(KINESIS.client(), stream).write(480, 40, "x");
    ObjectNode config = SourceHarness.config(KINESIS, stream).put("max_records_per_sync", 100);
    JsonNode catalog = SourceHarness.catalog("incremental", stream);

    CollectingOutput run1 = SourceHarness.read(config, catalog, null);
    assertThat(run1.records()).hasSize(100);
    Map<String, Long> perShard = run1.records().stream()
        .collect(Collectors.groupingBy(r -> r.get("shard_id").asText(), Collectors.counting()));
    assertThat(perShard).as("records per shard %s", perShard).hasSize(4);
    assertThat(perShard.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(10));

    List<JsonNode> all = new ArrayList<>(IncrementalReadIT.payloads(run1));
    JsonNode state = run1.lastStatesArray();
    for (int run = 0; run < 8 && all.size() < written.size(); run++) {
      CollectingOutput next = SourceHarness.read(config, catalog, state);
      assertThat(next.records()).hasSizeLessThanOrEqualTo(100);
      all.addAll(IncrementalReadIT.payloads(next));
      state = next.lastStatesArray();
    }
    assertThat(all).containsExactlyInAnyOrderElementsOf(written);
  }

  @Test
  void maxDurationStopsASlowSyncAndTheNextOneContinues() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("max-duration"), 1);
    List<JsonNode> written = new KinesisWriter(KINESIS.client(), stream).write(1500, 10, "x");
    JsonNode catalog = SourceHarness.catalog("incremental", stream);
    // 20 records per call at 5 calls per second: about 100 records in the allowed second.
    ObjectNode slow = SourceHarness.config(KINESIS, stream).put("records_per_call", 20)
        .put("max_sync_duration_seconds", 1);

    CollectingOutput run1 = SourceHarness.read(slow, catalog, null);
    assertThat(run1.records()).isNotEmpty().hasSizeLessThan(written.size());
    assertThat(run1.statuses(stream)).containsExactly("STARTED", "RUNNING", "COMPLETE");

    CollectingOutput run2 = SourceHarness.read(SourceHarness.config(KINESIS, stream), catalog,
        run1.lastStatesArray());
    List<JsonNode> all = new ArrayList<>(IncrementalReadIT.payloads(run1));
    all.addAll(IncrementalReadIT.payloads(run2));
    assertThat(all).containsExactlyElementsOf(written);
  }

  @Test
  void aSyncEndsWhenCaughtUpWhileProducersKeepWriting() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("caught-up"), 2);
    BackgroundWriter producer = new BackgroundWriter(stream, 10, 100);
    producer.write(300, "backlog");
    producer.start();
    CollectingOutput run1;
    try {
      run1 = SourceHarness.read(SourceHarness.config(KINESIS, stream), SourceHarness.catalog("incremental", stream),
          null);
      assertThat(producer.isRunning()).as("the sync ended while the producer was still writing").isTrue();
    } finally {
      producer.stop();
    }
    assertThat(run1.records()).hasSizeGreaterThanOrEqualTo(300);
    assertEveryRecordOnceAfterDraining(stream, run1, producer);
  }

  @Test
  void aSyncThatCannotCatchUpEndsAfterTheTipItSawAtTheStart() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("tip"), 1);
    BackgroundWriter producer = new BackgroundWriter(stream, 25, 100);
    List<JsonNode> backlog = producer.write(250, "backlog");
    // 25 records per call at 5 calls per second reads 125 records/s, while the producer writes 250 records/s, and a
    // threshold of 0 ms with full pages never counts as caught up: only the start tip can end this sync.
    ObjectNode config = SourceHarness.config(KINESIS, stream).put("records_per_call", 25)
        .put("milliseconds_behind_latest", 0);
    producer.start();
    CollectingOutput run1;
    try {
      run1 = SourceHarness.read(config, SourceHarness.catalog("incremental", stream), null);
      assertThat(producer.isRunning()).as("the sync ended while the producer was still writing").isTrue();
    } finally {
      producer.stop();
    }
    assertThat(IncrementalReadIT.payloads(run1)).containsAll(backlog);
    assertEveryRecordOnceAfterDraining(stream, run1, producer);
  }

  private static void assertEveryRecordOnceAfterDraining(String stream, CollectingOutput run1,
      BackgroundWriter producer) throws Exception {
    List<JsonNode> all = new ArrayList<>(IncrementalReadIT.payloads(run1));
    CollectingOutput run2 = SourceHarness.read(SourceHarness.config(KINESIS, stream),
        SourceHarness.catalog("incremental", stream), run1.lastStatesArray());
    all.addAll(IncrementalReadIT.payloads(run2));
    assertThat(all).containsExactlyInAnyOrderElementsOf(producer.written());
    ReshardIT.assertPerKeyOrder(run1, run2);
  }

  /** Writes a batch every few milliseconds until stopped (at most 30 s). */
  private static final class BackgroundWriter {
    private final KinesisWriter writer;
    private final int perBatch;
    private final long everyMillis;
    private final List<JsonNode> written = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private CompletableFuture<Void> task;

    BackgroundWriter(String stream, int perBatch, long everyMillis) {
      this.writer = new KinesisWriter(KINESIS.client(), stream);
      this.perBatch = perBatch;
      this.everyMillis = everyMillis;
    }

    /** Writes now, from the calling thread. */
    List<JsonNode> write(int count, String tag) {
      List<JsonNode> batch = writer.write(count, 20, tag);
      written.addAll(batch);
      return batch;
    }

    void start() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      task = CompletableFuture.runAsync(() -> {
        while (running.get() && System.nanoTime() < deadline) {
          written.addAll(writer.write(perBatch, 20, "live"));
          try {
            Thread.sleep(everyMillis);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    boolean isRunning() {
      return !task.isDone();
    }

    void stop() throws Exception {
      running.set(false);
      task.get(30, TimeUnit.SECONDS);
    }

    List<JsonNode> written() {
      return List.copyOf(written);
    }
  }
}
