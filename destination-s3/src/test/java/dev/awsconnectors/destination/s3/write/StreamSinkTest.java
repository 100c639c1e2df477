package dev.awsconnectors.destination.s3.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.id.RandomIds;
import dev.awsconnectors.commons.log.Progress;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.DestinationSyncMode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.state.IncomingState;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.destination.s3.generation.GenerationCleaner;
import dev.awsconnectors.destination.s3.generation.StreamTag;
import dev.awsconnectors.destination.s3.generation.Truncation;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import dev.awsconnectors.destination.s3.path.PathTemplate;
import dev.awsconnectors.destination.s3.path.SyncTime;
import dev.awsconnectors.destination.s3.storage.FileKeys;
import dev.awsconnectors.destination.s3.storage.MemoryBudget;
import dev.awsconnectors.destination.s3.storage.PartSizing;
import dev.awsconnectors.destination.s3.storage.S3Limits;
import dev.awsconnectors.destination.s3.storage.UploadPool;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore.Op;
import dev.awsconnectors.destination.s3.support.LineFormat;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One stream's sink with the parts it works with (files, keys, governor, tracker, ledger) against the in-memory
 * store, driven directly: no writer, no timer.
 */
class StreamSinkTest {
  private static final long MIB = S3Limits.MIB;
  private static final StreamDescriptor USERS = new StreamDescriptor("users", "ns");
  private final MutableClock clock = new MutableClock(Instant.parse("2024-01-31T10:00:00Z"));
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final UploadPool pool = new UploadPool(2, 4);
  private final List<ObjectNode> echoed = Collections.synchronizedList(new ArrayList<>());
  private final StateLedger ledger = new StateLedger(echoed::add);
  private final UploadTracker tracker = new UploadTracker(ledger, new Progress("stored", LoggerFactory.getLogger(
      StreamSinkTest.class), clock, Duration.ofSeconds(10)), clock);
  private final FileNameTemplate names = FileNameTemplate.parse(null, ".jsonl");
  private MemoryGovernor governor;
  private long number;

  @AfterEach
  void close() {
    store.releaseAllCompletions();
    pool.close();
  }

  private StreamSink sink(String pathFormat, long budgetBytes, long targetSize, int formatBuffer,
      Truncation truncation) {
    MemoryBudget budget = new MemoryBudget(budgetBytes);
    governor = new MemoryGovernor(budget);
    FileOpener opener = new FileOpener(store, pool, budget, new PartSizing(5 * MIB), new FileKeys(store, names,
        pool.executor()), "application/jsonl", clock, new RandomIds());
    StreamSink.Shared shared = new StreamSink.Shared(opener, new RollPolicy(targetSize), governor, tracker, names,
        1, 1);
    StreamPlan plan = new StreamPlan(USERS, DestinationSyncMode.APPEND, truncation, new LineFormat(formatBuffer),
        PathTemplate.parse("out", pathFormat).bind("ns", "users", new SyncTime(clock.instant()), UUID.randomUUID()),
        StreamTag.of(USERS), Map.of("ab-stream", StreamTag.of(USERS), "ab-generation-id", "2"), "");
    return new StreamSink(plan, shared);
  }

  private StreamSink sink() {
    return sink("${STREAM_NAME}/p=${FIELD:p}/", 64 * MIB, 1000 * MIB, 0, Truncation.NONE);
  }

  private long write(StreamSink sink, String p, String payload) throws Exception {
    ObjectNode data = ProtocolCodec.mapper().createObjectNode().put("p", p).put("x", payload);
    return write(sink, data);
  }

  private long write(StreamSink sink, ObjectNode data) throws Exception {
    long n = ++number;
    return sink.write(new OutputRecord(UUID.randomUUID(), 1L, data, null), ledger.recordAccepted(USERS), n);
  }

  private void state(int id) {
    ObjectNode raw = (ObjectNode) ProtocolCodec.readTreeUnchecked("{\"type\":\"STREAM\",\"stream\":{"
        + "\"stream_descriptor\":{\"name\":\"users\",\"namespace\":\"ns\"},\"stream_state\":{}},\"id\":" + id + "}");
    ledger.stateAccepted(new IncomingState(TestConfigs.convert(raw, AirbyteStateMessage.class), raw));
  }

  @Test
  void opensOneFilePerDirectoryAndCountsTheBytesItWrites() throws Exception {
    StreamSink sink = sink();
    assertThat(write(sink, "a", "1")).isEqualTo("{\"p\":\"a\",\"x\":\"1\"}\n".length());
    write(sink, "b", "2");
    write(sink, "a", "3");
    assertThat(sink.openFiles()).extracting(f -> f.directory).containsExactly("out/users/p=a/", "out/users/p=b/");
    assertThat(sink.finishAll()).isEqualTo(2);
    tracker.awaitAll();
    assertThat(store.objects()).containsOnlyKeys("out/users/p=a/0.jsonl", "out/users/p=b/0.jsonl");
    assertThat(sink.filesStored()).isEqualTo(2);
  }

  @Test
  void rollsAFileAtTheTargetSize() throws Exception {
    StreamSink sink = sink("${STREAM_NAME}/", 64 * MIB, 100, 0, Truncation.NONE);
    for (int i = 0; i < 10; i++) {
      write(sink, "a", "y".repeat(40));
    }
    tracker.awaitAll();
    assertThat(store.objects()).hasSize(5);
    assertThat(sink.openFiles()).isEmpty();
  }

  @Test
  void finishesOnlyTheFilesHoldingRecordsAStateCovers() throws Exception {
    StreamSink sink = sink();
    write(sink, "a", "1");
    write(sink, "b", "2");
    FlushSchedule.Cutoffs cutoffs = new FlushSchedule.Cutoffs(0, Map.of(USERS, 1L));
    assertThat(sink.finishCovered(cutoffs)).isEqualTo(1);
    assertThat(sink.openFiles()).extracting(f -> f.directory).containsExactly("out/users/p=b/");
    assertThat(sink.finishCovered(new FlushSchedule.Cutoffs(0, Map.of(new StreamDescriptor("other", "ns"), 9L))))
        .isZero();
    assertThat(sink.finishCovered(new FlushSchedule.Cutoffs(2, Map.of()))).isEqualTo(1);
  }

  @Test
  void acknowledgesRecordsOnlyOnceTheirObjectIsStored() throws Exception {
    StreamSink sink = sink();
    write(sink, "a", "1");
    state(1);
    store.holdCompletions();
    sink.finishAll();
    assertThat(echoed).isEmpty();
    store.releaseAllCompletions();
    tracker.awaitAll();
    assertThat(echoed).extracting(s -> s.get("id").asInt()).containsExactly(1);
  }

  @Test
  void discardsAFileThatFailedInTheMiddleOfARecord() throws Exception {
    StreamSink sink = sink();
    write(sink, "a", "1");
    ObjectNode broken = ProtocolCodec.mapper().createObjectNode().put("p", "a").put(LineFormat.FAIL_HALFWAY, true);
    assertThatThrownBy(() -> write(sink, broken)).hasMessageContaining("halfway");
    assertThat(sink.openFiles()).isEmpty();
    tracker.awaitAll();
    assertThat(store.objects()).isEmpty();
    assertThat(store.openUploads()).isZero();
  }

  @Test
  void anUploadFailureIsKeptAndThrownAtTheNextCall() throws Exception {
    StreamSink sink = sink();
    write(sink, "a", "1");
    store.failNext(Op.PUT, new ConfigErrorException("Access denied while uploading"));
    sink.finishAll();
    assertThatThrownBy(tracker::awaitAll).isInstanceOf(ConfigErrorException.class);
    assertThatThrownBy(tracker::throwIfFailed).isInstanceOf(ConfigErrorException.class);
  }

  @Test
  void summarizesWhatItStoredAndTheValuesItsFormatCoerced() throws Exception {
    StreamSink sink = sink();
    write(sink, "a", "1");
    write(sink, (ObjectNode) ProtocolCodec.readTreeUnchecked("{\"p\":\"a\",\"coerced\":1}"));
    write(sink, (ObjectNode) ProtocolCodec.readTreeUnchecked("{\"p\":\"b\",\"coerced\":1}"));
    sink.finishAll();
    tracker.awaitAll();
    assertThat(sink.summary()).isEqualTo("stream 'ns.users': 3 records received, 3 stored in 2 files (62 bytes); 2 "
        + "values did not fit their column type and were coerced");
  }

  @Test
  void theGovernorFinishesTheFileHoldingMostMemoryWhenTheBudgetIsUsedUp() throws Exception {
    StreamSink sink = sink("${STREAM_NAME}/p=${FIELD:p}/", 16 * MIB, 1000 * MIB, 20 * (int) MIB, Truncation.NONE);
    write(sink, "a", "x".repeat(4_000_000));
    write(sink, "b", "x".repeat(10_000_000));
    assertThat(governor.relieve(sink::openFiles, sink::encodeWaiting)).as("within the budget").isFalse();
    write(sink, "b", "x".repeat(4_000_000));
    store.holdParts();
    assertThat(governor.relieve(sink::openFiles, sink::encodeWaiting)).as("b finished; its parts in flight hold half the budget")
        .isTrue();
    assertThat(governor.filesFinishedEarly()).isEqualTo(1);
    assertThat(sink.openFiles()).extracting(f -> f.directory).containsExactly("out/users/p=a/");
    store.releaseParts();
    tracker.awaitAll();
    assertThat(governor.relieve(sink::openFiles, sink::encodeWaiting)).as("the uploads freed the memory").isFalse();
    assertThat(governor.peak()).isGreaterThan(16 * MIB);
  }

  @Test
  void theGovernorHandsALargePartOverBeforeFinishingAFile() throws Exception {
    StreamSink sink = sink("${STREAM_NAME}/", 12 * MIB, 1000 * MIB, 0, Truncation.NONE);
    store.holdParts();
    write(sink, "a", "x".repeat(4_900_000));
    write(sink, "a", "x".repeat(4_900_000));
    write(sink, "a", "x".repeat(3_000_000));
    assertThat(governor.relieve(sink::openFiles, sink::encodeWaiting)).as("the part went to the upload; now only uploads free memory")
        .isTrue();
    assertThat(sink.openFiles()).hasSize(1);
    assertThat(pool.partsInFlight()).isEqualTo(2);
    store.releaseParts();
  }

  @Test
  void deletesEarlierDataOnlyWhenTheTruncationMayHappen() throws Exception {
    store.seed("out/users/0.jsonl", new byte[1], Map.of("ab-stream", StreamTag.of(USERS), "ab-generation-id", "1"));
    GenerationCleaner cleaner = new GenerationCleaner(store, pool.executor(), 2);
    StreamSink sink = sink("${STREAM_NAME}/", 64 * MIB, 1000 * MIB, 0, new Truncation(Truncation.Kind.ALL_PREVIOUS, 0));
    write(sink, "a", "1");
    sink.finishAll();
    tracker.awaitAll();
    sink.cleanUp(cleaner, true);
    assertThat(store.objects()).as("no COMPLETE status: the earlier data stays").containsKey("out/users/0.jsonl");
    sink.completed();
    sink.cleanUp(cleaner, true);
    assertThat(store.objects()).containsOnlyKeys("out/users/1.jsonl");
    assertThat(Optional.of(store.count(Op.DELETE))).contains(1);
  }
}
