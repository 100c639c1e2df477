package dev.awsconnectors.destination.s3.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage.AirbyteStreamStatus;
import dev.awsconnectors.commons.protocol.AirbyteTraceMessage;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.state.IncomingState;
import dev.awsconnectors.destination.s3.S3Destination;
import dev.awsconnectors.destination.s3.config.S3Config;
import dev.awsconnectors.destination.s3.generation.StreamTag;
import dev.awsconnectors.destination.s3.support.Await;
import dev.awsconnectors.destination.s3.support.CollectingOutput;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore.Op;
import dev.awsconnectors.destination.s3.support.LineFormat;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.format.FileFormats;
import dev.awsconnectors.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer against an in-memory store with a test-only line format: state timing, rolling, memory, flush
 * interval, overwrite and failures. Every object is read back and compared with the input.
 */
class S3WriterTest {
  private static final String USERS = "users";
  private static final String ORDERS = "orders";
  private final MutableClock clock = new MutableClock(Instant.parse("2024-01-31T10:00:00Z"));
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final CollectingOutput output = new CollectingOutput(clock);
  private S3Writer writer;

  @AfterEach
  void close() {
    store.releaseAllCompletions();
    store.releaseParts();
    if (writer != null) {
      writer.close();
    }
  }

  private S3Writer open(Consumer<ObjectNode> configure, int formatBuffer, ConfiguredAirbyteStream... streams) {
    ObjectNode json = TestConfigs.json("{\"s3_bucket_name\":\"bucket\",\"s3_bucket_path\":\"out\","
        + "\"s3_bucket_region\":\"us-east-1\",\"format\":{\"format_type\":\"JSONL\",\"compression\":{\"compression_type\":\"No Compression\"}},"
        + "\"s3_path_format\":\"${NAMESPACE}/${STREAM_NAME}/\",\"flush_interval_seconds\":0}");
    configure.accept(json);
    S3Config config = TestConfigs.parse(json);
    S3Destination destination = new S3Destination((format, schema) -> new LineFormat(formatBuffer),
        (c, connections) -> store, clock, Map.of(), 1L << 30, false);
    writer = (S3Writer) destination.open(config, new ConfiguredAirbyteCatalog(List.of(streams)), output);
    return writer;
  }

  private S3Writer open(ConfiguredAirbyteStream... streams) {
    return open(c -> { }, 0, streams);
  }

  private static ConfiguredAirbyteStream stream(String name, String mode, Long generation, Long minimum) {
    ObjectNode json = TestConfigs.json("{\"stream\":{\"name\":\"" + name + "\",\"namespace\":\"ns\","
        + "\"json_schema\":{\"type\":\"object\"},\"supported_sync_modes\":[\"full_refresh\"]},"
        + "\"sync_mode\":\"full_refresh\",\"destination_sync_mode\":\"" + mode + "\"}");
    if (generation != null) {
      json.put("generation_id", generation).put("minimum_generation_id", minimum).put("sync_id", 42);
    }
    return TestConfigs.convert(json, ConfiguredAirbyteStream.class);
  }

  private static ConfiguredAirbyteStream append(String name) {
    return stream(name, "append", null, null);
  }

  private static AirbyteRecordMessage record(String stream, int id, String payload) {
    ObjectNode data = ProtocolCodec.mapper().createObjectNode().put("id", id).put("p", payload);
    return new AirbyteRecordMessage("ns", stream, data, 1_700_000_000_000L);
  }

  private static IncomingState streamState(String stream, int id) {
    String raw = "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"" + stream
        + "\",\"namespace\":\"ns\"},\"stream_state\":{\"c\":" + id + "}},\"id\":" + id + "}";
    return incoming(raw);
  }

  private static IncomingState incoming(String raw) {
    ObjectNode node = (ObjectNode) ProtocolCodec.readTreeUnchecked(raw);
    return new IncomingState(TestConfigs.convert(node, AirbyteStateMessage.class), node);
  }

  private static AirbyteTraceMessage status(String stream, AirbyteStreamStatus status) {
    return AirbyteTraceMessage.of(0, new AirbyteStreamStatusTraceMessage(new StreamDescriptor(stream, "ns"), status));
  }

  private List<String> lines(String prefix) {
    List<String> lines = new ArrayList<>();
    store.objects().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing((String k) -> k.length())
            .thenComparing(k -> k)))
        .forEach(e -> {
          String text = new String(e.getValue().bytes(), StandardCharsets.UTF_8);
          text.lines().forEach(lines::add);
        });
    return lines;
  }

  private List<Integer> ids(String prefix) {
    return lines(prefix).stream().map(l -> ProtocolCodec.readTreeUnchecked(l).get("id").asInt()).toList();
  }

  @Test
  void echoesAStateOnlyAfterTheObjectHoldingItsRecordsIsComplete() throws Exception {
    open(append(USERS));
    writer.acceptRecord(record(USERS, 1, "a"));
    writer.acceptState(streamState(USERS, 1));
    writer.acceptRecord(record(USERS, 2, "b"));
    assertThat(output.states()).isEmpty();
    store.holdCompletions();
    CompletableFuture<Void> finishing = CompletableFuture.runAsync(() -> writer.finish());
    Await.until("the upload waits at the store", () -> store.waitingAtGate() == 1);
    assertThat(output.states()).isEmpty();
    store.releaseAllCompletions();
    finishing.get(30, TimeUnit.SECONDS);
    assertThat(output.states()).hasSize(1);
    assertThat(output.states().get(0).get("id").asInt()).isEqualTo(1);
    assertThat(output.states().get(0).at("/destinationStats/recordCount").asDouble()).isEqualTo(1.0);
    assertThat(ids("out/ns/users/")).containsExactly(1, 2);
  }

  @Test
  void aStateOfAnotherStreamDoesNotWaitForThisStreamsFile() throws Exception {
    open(append(USERS), append(ORDERS));
    writer.acceptRecord(record(USERS, 1, "a"));
    writer.acceptState(streamState(ORDERS, 7));
    assertThat(output.states()).hasSize(1);
    assertThat(output.states().get(0).at("/destinationStats/recordCount").asDouble()).isZero();
  }

  @Test
  void aGlobalStateWaitsForEveryStream() throws Exception {
    open(c -> c.put("target_file_size_mb", 1), 0, append(USERS), append(ORDERS));
    store.holdCompletions();
    writer.acceptRecord(record(USERS, 1, "x".repeat(1_100_000)));
    writer.acceptRecord(record(ORDERS, 2, "y"));
    writer.acceptState(incoming("{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":null,\"stream_states\":[]},"
        + "\"id\":3}"));
    Await.until("the users file is uploading", () -> store.waitingAtGate() == 1);
    store.releaseCompletions(1);
    Await.until("the users file is stored", () -> store.objects().size() == 1);
    assertThat(output.states()).isEmpty();
    CompletableFuture<Void> finishing = CompletableFuture.runAsync(() -> writer.finish());
    store.releaseAllCompletions();
    finishing.get(30, TimeUnit.SECONDS);
    assertThat(output.states()).hasSize(1);
    assertThat(output.states().get(0).at("/destinationStats/recordCount").asDouble()).isEqualTo(2.0);
    assertThat(output.states().get(0).at("/global/shared_state").isNull()).isTrue();
  }

  @Test
  void rollsFilesAtTheTargetSizeAndKeepsEveryRecordInOrder() throws Exception {
    open(c -> c.put("target_file_size_mb", 1), 0, append(USERS));
    String payload = "z".repeat(10_000);
    for (int i = 0; i < 350; i++) {
      writer.acceptRecord(record(USERS, i, payload));
    }
    writer.finish();
    Map<String, InMemoryObjectStore.Stored> objects = store.objects();
    assertThat(objects).hasSize(4).containsKeys("out/ns/users/0.jsonl", "out/ns/users/1.jsonl",
        "out/ns/users/2.jsonl", "out/ns/users/3.jsonl");
    objects.entrySet().stream().filter(e -> !e.getKey().endsWith("3.jsonl"))
        .forEach(e -> assertThat(e.getValue().bytes().length).isBetween(1 << 20, (1 << 20) + 10_100));
    assertThat(ids("out/ns/users/")).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 350).boxed()
        .toList());
  }

  @Test
  void storesTheGenerationTheStreamTagAndTheSyncIdWithEveryObject() throws Exception {
    open(stream(USERS, "append", 9L, 0L));
    writer.acceptRecord(record(USERS, 1, "a"));
    writer.finish();
    InMemoryObjectStore.Stored stored = store.objects().values().iterator().next();
    assertThat(stored.metadata()).containsEntry("ab-generation-id", "9").containsEntry("ab-sync-id", "42")
        .containsEntry("ab-stream", StreamTag.of(new StreamDescriptor(USERS, "ns"))).containsKey("ab-file-id");
    assertThat(stored.contentType()).isEqualTo("application/jsonl");
  }

  /** Users and orders with a flush interval of 60 s; users' record 1 and its state arrived at the clock's start. */
  private void openWithAUsersStateWaiting() throws Exception {
    open(c -> c.put("flush_interval_seconds", 60), 0, append(USERS), append(ORDERS));
    writer.acceptRecord(record(USERS, 1, "a"));
    writer.acceptState(streamState(USERS, 1));
  }

  @Test
  void finishesFilesWhoseRecordsAWaitingStateCoversOnceTheFlushIntervalPassed() throws Exception {
    openWithAUsersStateWaiting();
    clock.advance(Duration.ofSeconds(30));
    writer.acceptRecord(record(ORDERS, 2, "b"));
    writer.tick();
    assertThat(store.count(Op.PUT)).isZero();
    clock.advance(Duration.ofSeconds(31));
    writer.tick();
    Await.until("the state is echoed", () -> output.states().size() == 1);
    assertThat(store.objects()).containsOnlyKeys("out/ns/users/0.jsonl");
    writer.acceptRecord(record(USERS, 3, "c"));
    writer.finish();
    assertThat(store.objects()).containsOnlyKeys("out/ns/users/0.jsonl", "out/ns/users/1.jsonl",
        "out/ns/orders/0.jsonl");
  }

  @Test
  void aTickTakesNothingWhileTheWritersThreadAppliedTheFlushIntervalWithinTheLastTick() throws Exception {
    openWithAUsersStateWaiting();
    clock.advance(Duration.ofMillis(59_500));
    writer.acceptRecord(record(ORDERS, 2, "b"));
    writer.acceptState(streamState(ORDERS, 2)); // the writer's thread applies the interval: nothing is due yet
    clock.advance(Duration.ofMillis(700));
    writer.tick(); // the users state is due, but the writer's thread looked 0.7 s ago: it is busy, and looks again
    writer.acceptRecord(record(USERS, 3, "c"));
    clock.advance(Duration.ofMillis(800));
    writer.tick(); // 1.5 s without a look: the input is idle, the tick applies the interval
    Await.until("the users state is echoed", () -> output.states().size() == 1);
    writer.finish();
    assertThat(store.objects()).as("record 3 went into the users file the first tick left open")
        .containsOnlyKeys("out/ns/users/0.jsonl", "out/ns/orders/0.jsonl");
    assertThat(ids("out/ns/users/")).containsExactly(1, 3);
  }

  @Test
  void aStreamStateFinishesOnlyTheFilesOfItsOwnStream() throws Exception {
    open(c -> c.put("flush_interval_seconds", 60), 0, append(USERS), append(ORDERS));
    for (int round = 0; round < 3; round++) {
      writer.acceptRecord(record(ORDERS, 100 + round, "o"));
      writer.acceptRecord(record(USERS, round, "u"));
      writer.acceptState(streamState(USERS, round));
      clock.advance(Duration.ofSeconds(61));
      writer.tick();
      int expected = round + 1;
      Await.until("the users state is echoed", () -> output.states().size() == expected);
    }
    assertThat(store.objects()).as("the orders file stays open: no state names orders")
        .containsOnlyKeys("out/ns/users/0.jsonl", "out/ns/users/1.jsonl", "out/ns/users/2.jsonl");
    writer.finish();
    assertThat(store.objects()).containsKey("out/ns/orders/0.jsonl").hasSize(4);
    assertThat(ids("out/ns/orders/")).containsExactly(100, 101, 102);
  }

  @Test
  void aGlobalStateFinishesTheFilesOfEveryStream() throws Exception {
    open(c -> c.put("flush_interval_seconds", 60), 0, append(USERS), append(ORDERS));
    writer.acceptRecord(record(ORDERS, 1, "o"));
    writer.acceptRecord(record(USERS, 2, "u"));
    writer.acceptState(incoming("{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"lsn\":1}},\"id\":1}"));
    clock.advance(Duration.ofSeconds(60));
    writer.tick();
    Await.until("the global state is echoed", () -> output.states().size() == 1);
    assertThat(store.objects()).containsOnlyKeys("out/ns/users/0.jsonl", "out/ns/orders/0.jsonl");
  }

  @Test
  void aNewerStateIsFlushedWhileAnOlderStatesUploadIsStillRunning() throws Exception {
    open(c -> c.put("flush_interval_seconds", 60), 0, append(USERS), append(ORDERS));
    store.holdCompletions();
    writer.acceptRecord(record(USERS, 1, "u"));
    writer.acceptState(streamState(USERS, 1));
    clock.advance(Duration.ofSeconds(30));
    writer.acceptRecord(record(ORDERS, 2, "o"));
    writer.acceptState(streamState(ORDERS, 2));
    clock.advance(Duration.ofSeconds(31));
    writer.tick();
    Await.until("the users file waits at the store", () -> store.waitingAtGate() == 1);
    clock.advance(Duration.ofSeconds(30));
    writer.tick();
    Await.until("the orders file is on its way although the users state still waits",
        () -> store.waitingAtGate() == 2);
    assertThat(output.states()).isEmpty();
    store.releaseAllCompletions();
    Await.until("both states are echoed, in order", () -> output.states().size() == 2);
    assertThat(output.states()).extracting(st -> st.get("id").asInt()).containsExactly(1, 2);
  }

  @Test
  void theTimerFlushesWhileTheWriterWaitsForUploadsToMakeRoom() throws Exception {
    // A budget of 32 MiB allows 2 parts in flight: 2 of the 4 upload threads stay free for the orders file.
    open(c -> c.put("flush_interval_seconds", 60).put("target_file_size_mb", 1000).put("memory_budget_mb", 32), 0,
        append(USERS), append(ORDERS));
    writer.acceptRecord(record(ORDERS, 1, "o"));
    writer.acceptState(streamState(ORDERS, 1));
    clock.advance(Duration.ofSeconds(61));
    store.holdParts();
    String part = "p".repeat(9_000_000);
    CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
      try {
        for (int i = 0; i < 10; i++) {
          writer.acceptRecord(record(USERS, 10 + i, part));
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Await.until("the writer waits for parts in flight", () -> store.waitingAtGate() == 2
        && store.count(Op.PART) >= 2);
    assertThat(writing).isNotDone();
    Await.until("the timer's tick echoes the orders state while the writer waits", () -> {
      writer.tick();
      return output.states().size() == 1;
    });
    assertThat(writing).isNotDone();
    store.releaseParts();
    writing.get(60, TimeUnit.SECONDS);
    writer.finish();
    assertThat(ids("out/ns/users/")).hasSize(10);
  }

  @Test
  void keepsMemoryWithinTheBudgetWhateverTheNumberOfStreams() throws Exception {
    List<ConfiguredAirbyteStream> streams = new ArrayList<>();
    for (int s = 0; s < 20; s++) {
      streams.add(append("s" + s));
    }
    open(c -> c.put("memory_budget_mb", 16), 3 << 20, streams.toArray(ConfiguredAirbyteStream[]::new));
    String payload = "m".repeat(20_000);
    for (int i = 0; i < 4000; i++) {
      writer.acceptRecord(record("s" + (i % 20), i, payload));
    }
    writer.finish();
    assertThat(writer.peakMemory()).isLessThanOrEqualTo(16L * 1024 * 1024 + 3 * (3 << 20) + 200_000);
    assertThat(writer.filesFinishedEarly()).isPositive();
    for (int s = 0; s < 20; s++) {
      int stream = s;
      assertThat(ids("out/ns/s" + s + "/")).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 4000)
          .filter(i -> i % 20 == stream).boxed().toList());
    }
  }

  @Test
  void readsRecordsAsTextOnlyWhenEveryStreamWritesTextWithoutFlatteningIntoADirectoryWithoutFields() {
    String plain = "{\"format_type\":\"JSONL\"}";
    String flattened = "{\"format_type\":\"JSONL\",\"flattening\":\"Root level flattening\"}";
    String csv = "{\"format_type\":\"CSV\",\"flattening\":\"No flattening\"}";
    String flatCsv = "{\"format_type\":\"CSV\",\"flattening\":\"Root level flattening\"}";
    String avro = "{\"format_type\":\"Avro\"}";
    assertThat(readsText(plain, "${STREAM_NAME}/")).isTrue();
    assertThat(readsText(csv, "${STREAM_NAME}/")).isTrue();
    assertThat(readsText(flattened, "${STREAM_NAME}/")).isFalse();
    assertThat(readsText(flatCsv, "${STREAM_NAME}/")).isFalse();
    assertThat(readsText(avro, "${STREAM_NAME}/")).isFalse();
    assertThat(readsText(plain, "${STREAM_NAME}/p=${FIELD:p}/")).isFalse();
  }

  private boolean readsText(String format, String pathFormat) {
    ObjectNode json = TestConfigs.json("{\"s3_bucket_name\":\"bucket\",\"s3_bucket_path\":\"out\","
        + "\"s3_bucket_region\":\"us-east-1\",\"flush_interval_seconds\":0}");
    json.set("format", TestConfigs.json(format));
    json.put("s3_path_format", pathFormat);
    S3Destination destination = new S3Destination(FileFormats::factory, (c, connections) -> store, clock, Map.of(),
        1L << 30, false);
    try (S3Writer real = (S3Writer) destination.open(TestConfigs.parse(json),
        new ConfiguredAirbyteCatalog(List.of(append(USERS), append(ORDERS))), output)) {
      return real.readsDataAsBytes();
    }
  }

  @Test
  void partitionsRecordsByAFieldIntoSeparateFiles() throws Exception {
    open(c -> c.put("s3_path_format", "${STREAM_NAME}/p=${FIELD:p}/"), 0, append(USERS));
    writer.acceptRecord(record(USERS, 1, "a"));
    writer.acceptRecord(record(USERS, 2, "b"));
    writer.acceptRecord(record(USERS, 3, "a"));
    writer.acceptRecord(new AirbyteRecordMessage("ns", USERS, ProtocolCodec.readTreeUnchecked("{\"id\":4}"), 1L));
    writer.finish();
    assertThat(store.objects()).containsOnlyKeys("out/users/p=a/0.jsonl", "out/users/p=b/0.jsonl",
        "out/users/p=__null__/0.jsonl");
    assertThat(ids("out/users/p=a/")).containsExactly(1, 3);
  }

  @Test
  void neverReplacesAnObjectOfAnEarlierSync() throws Exception {
    store.seed("out/ns/users/0.jsonl", "old".getBytes(StandardCharsets.UTF_8), Map.of());
    open(append(USERS));
    writer.acceptRecord(record(USERS, 1, "a"));
    writer.finish();
    assertThat(store.objects()).containsOnlyKeys("out/ns/users/0.jsonl", "out/ns/users/1.jsonl");
    assertThat(new String(store.objects().get("out/ns/users/0.jsonl").bytes(), StandardCharsets.UTF_8))
        .isEqualTo("old");
  }

  private void seedOldObjects() {
    String users = StreamTag.of(new StreamDescriptor(USERS, "ns"));
    String orders = StreamTag.of(new StreamDescriptor(ORDERS, "ns"));
    store.seed("out/ns/users/0.jsonl", new byte[] {1}, Map.of("ab-stream", users, "ab-generation-id", "5"));
    store.seed("out/ns/users/1.jsonl", new byte[] {2}, Map.of("ab-stream", users, "ab-generation-id", "6"));
    store.seed("out/ns/users/2.jsonl", new byte[] {3}, Map.of("ab-generation-id", "1"));
    store.seed("out/ns/users/3.jsonl", new byte[] {4}, Map.of("ab-stream", orders, "ab-generation-id", "1"));
    store.seed("out/ns/users/notes.txt", new byte[] {5}, Map.of("ab-stream", users, "ab-generation-id", "1"));
    store.seed("out/ns/orders/0.jsonl", new byte[] {6}, Map.of("ab-stream", orders, "ab-generation-id", "1"));
  }

  @Test
  void anOverwriteDeletesOnlyOlderGenerationsOfItsStreamAfterItCompleted() throws Exception {
    seedOldObjects();
    open(stream(USERS, "append", 6L, 6L), append(ORDERS));
    writer.acceptRecord(record(USERS, 1, "new"));
    writer.acceptTrace(status(USERS, AirbyteStreamStatus.COMPLETE));
    writer.acceptTrace(status(ORDERS, AirbyteStreamStatus.COMPLETE));
    assertThat(store.objects()).containsKey("out/ns/users/0.jsonl");
    writer.finish();
    assertThat(store.objects()).containsOnlyKeys("out/ns/users/1.jsonl", "out/ns/users/2.jsonl",
        "out/ns/users/3.jsonl", "out/ns/users/notes.txt", "out/ns/orders/0.jsonl", "out/ns/users/4.jsonl");
  }

  @Test
  void anInterruptedOverwriteKeepsTheEarlierData() throws Exception {
    seedOldObjects();
    open(stream(USERS, "append", 7L, 7L), append(ORDERS));
    writer.acceptRecord(record(USERS, 1, "new"));
    writer.acceptTrace(status(ORDERS, AirbyteStreamStatus.COMPLETE));
    writer.finish();
    assertThat(store.objects()).containsKeys("out/ns/users/0.jsonl", "out/ns/users/1.jsonl")
        .containsKey("out/ns/users/4.jsonl");
    assertThat(store.count(Op.DELETE)).isZero();
  }

  @Test
  void aFailedSyncDeletesNothingAndLeavesNoPartialObject() throws Exception {
    seedOldObjects();
    open(stream(USERS, "overwrite", null, null));
    writer.acceptRecord(record(USERS, 1, "x".repeat(6_000_000)));
    writer.acceptRecord(record(USERS, 2, "x".repeat(6_000_000)));
    store.failNext(Op.COMPLETE, new ConfigErrorException("AccessDenied"));
    assertThatThrownBy(() -> writer.finish()).isInstanceOf(ConfigErrorException.class);
    writer.close();
    assertThat(store.objects()).hasSize(6);
    assertThat(store.openUploads()).isZero();
  }

  @Test
  void aFailingSyncStoresTheRecordsOfTheStatesItReceivedAndAbortsTheRest() throws Exception {
    open(append(USERS), append(ORDERS));
    writer.acceptRecord(record(USERS, 1, "a"));
    writer.acceptRecord(record(USERS, 2, "b"));
    writer.acceptState(streamState(USERS, 1));
    writer.acceptRecord(record(ORDERS, 3, "c"));
    writer.flushBeforeFailure();
    assertThat(output.states()).extracting(s -> s.get("id").asInt()).containsExactly(1);
    assertThat(ids("out/ns/users/")).containsExactly(1, 2);
    writer.close();
    assertThat(store.objects()).containsOnlyKeys("out/ns/users/0.jsonl");
    assertThat(store.openUploads()).isZero();
  }

  @Test
  void aFailingOverwriteStoresWhatItsStatesCoverButDeletesNothing() throws Exception {
    seedOldObjects();
    open(stream(USERS, "overwrite", 8L, 8L));
    writer.acceptRecord(record(USERS, 1, "new"));
    writer.acceptState(streamState(USERS, 1));
    writer.acceptTrace(status(USERS, AirbyteStreamStatus.COMPLETE));
    writer.flushBeforeFailure();
    writer.close();
    assertThat(output.states()).hasSize(1);
    assertThat(store.count(Op.DELETE)).isZero();
    assertThat(store.objects()).hasSize(7);
  }

  @Test
  void aFileThatFailedHalfwayThroughARecordIsNeverCompleted() throws Exception {
    open(append(USERS));
    writer.acceptRecord(record(USERS, 1, "a"));
    writer.acceptState(streamState(USERS, 1));
    ObjectNode broken = ProtocolCodec.mapper().createObjectNode().put("id", 2).put(LineFormat.FAIL_HALFWAY, true);
    assertThatThrownBy(() -> writer.acceptRecord(new AirbyteRecordMessage("ns", USERS, broken, 1L)))
        .hasMessageContaining("halfway");
    writer.flushBeforeFailure();
    writer.close();
    assertThat(output.states()).isEmpty();
    assertThat(store.objects()).isEmpty();
    assertThat(store.openUploads()).isZero();
  }

  @Test
  void aLegacyOverwriteWithoutStatusesReplacesTheStreamAtTheEndOfInput() throws Exception {
    seedOldObjects();
    open(stream(USERS, "overwrite", null, null));
    writer.acceptRecord(record(USERS, 1, "new"));
    writer.finish();
    assertThat(store.objects()).containsOnlyKeys("out/ns/users/2.jsonl", "out/ns/users/3.jsonl",
        "out/ns/users/notes.txt", "out/ns/orders/0.jsonl", "out/ns/users/4.jsonl");
  }

  @Test
  void aLegacyOverwriteWaitsForCompleteWhenThePlatformSendsStatuses() throws Exception {
    seedOldObjects();
    open(stream(USERS, "overwrite", 8L, 8L), append(ORDERS));
    writer.acceptRecord(record(USERS, 1, "new"));
    writer.acceptTrace(status(ORDERS, AirbyteStreamStatus.COMPLETE));
    writer.finish();
    assertThat(store.objects()).containsKeys("out/ns/users/0.jsonl", "out/ns/users/1.jsonl");
  }

  @Test
  void clearsAStreamWithoutRecords() throws Exception {
    seedOldObjects();
    open(stream(USERS, "append", 9L, 9L));
    writer.acceptState(incoming("{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":null,\"stream_states\":"
        + "[{\"stream_descriptor\":{\"name\":\"users\",\"namespace\":\"ns\"},\"stream_state\":null}]}}"));
    writer.acceptTrace(status(USERS, AirbyteStreamStatus.COMPLETE));
    writer.finish();
    assertThat(output.states()).hasSize(1);
    assertThat(output.states().get(0).at("/destinationStats/recordCount").asDouble()).isZero();
    assertThat(store.objects()).containsOnlyKeys("out/ns/users/2.jsonl", "out/ns/users/3.jsonl",
        "out/ns/users/notes.txt", "out/ns/orders/0.jsonl");
  }

  @Test
  void aResumedTruncateKeepsWhatAnEarlierAttemptOfTheSameGenerationWrote() throws Exception {
    seedOldObjects();
    open(stream(USERS, "append", 6L, 6L));
    writer.acceptTrace(status(USERS, AirbyteStreamStatus.COMPLETE));
    writer.finish();
    assertThat(store.objects()).containsKey("out/ns/users/1.jsonl").doesNotContainKey("out/ns/users/0.jsonl");
  }

  @Test
  void anUploadFailureFailsTheSyncAtTheNextMessage() throws Exception {
    open(c -> c.put("target_file_size_mb", 1), 0, append(USERS));
    store.failNext(Op.PUT, new ConfigErrorException("Access denied while uploading"));
    writer.acceptRecord(record(USERS, 1, "x".repeat(1_100_000)));
    Await.until("the upload failed", () -> store.count(Op.PUT) == 1);
    Await.until("the failure is seen", () -> {
      try {
        writer.acceptState(streamState(USERS, 1));
        return false;
      } catch (ConfigErrorException e) {
        return true;
      }
    });
    assertThat(output.states()).isEmpty();
  }

  @Test
  void closingAfterAFailureAbortsOpenMultipartUploads() throws Exception {
    open(append(USERS));
    writer.acceptRecord(record(USERS, 1, "x".repeat(9_000_000)));
    Await.until("the multipart upload started", () -> store.count(Op.PART) == 1);
    writer.close();
    assertThat(store.openUploads()).isZero();
    assertThat(store.objects()).isEmpty();
    assertThat(store.closed()).isTrue();
  }

  @Test
  void refusesSyncModesFilesCannotHonour() throws Exception {
    assertThatThrownBy(() -> open(stream(USERS, "soft_delete", null, null)))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("soft_delete");
  }

  @Test
  void ignoresStatusesOfUnknownStreamsAndOtherTraces() throws Exception {
    open(append(USERS));
    writer.acceptTrace(status("unknown", AirbyteStreamStatus.COMPLETE));
    writer.acceptTrace(AirbyteTraceMessage.of(0, new dev.awsconnectors.commons.protocol.AirbyteEstimateTraceMessage(
        "users", dev.awsconnectors.commons.protocol.AirbyteEstimateTraceMessage.Type.STREAM, "ns", 1L, 1L,
        Map.of())));
    writer.finish();
    assertThat(store.objects()).isEmpty();
  }
}
