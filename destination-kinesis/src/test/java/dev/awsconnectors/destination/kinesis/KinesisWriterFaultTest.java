package dev.awsconnectors.destination.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.destination.kinesis.FakeKinesis.Stored;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap.ShardRange;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.KplDeaggregator;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Fault tests: a Kinesis that fails entries of PutRecords (and whole calls, as the SDK reports them once its retries
 * are spent). Every record must arrive, none twice without reason, per-key order must hold, no state may be echoed
 * before its records are stored, and a persistent failure must end in a transient error after the retry budget.
 */
class KinesisWriterFaultTest {
  private static final String STREAM = "public_orders";

  private static JsonNode data(int id, String key, int seq) {
    return ProtocolCodec.readTreeUnchecked("{\"id\":" + id + ",\"key\":\"" + key + "\",\"seq\":" + seq + "}");
  }

  private static List<JsonNode> payloads(List<Stored> stored) {
    List<JsonNode> out = new ArrayList<>();
    for (Stored s : stored) {
      var aggregated = KplDeaggregator.deaggregate(s.data());
      if (aggregated.isPresent()) {
        aggregated.get().forEach(u -> out.add(ProtocolCodec.readTreeUnchecked(new String(u.data(),
            StandardCharsets.UTF_8))));
      } else {
        out.add(ProtocolCodec.readTreeUnchecked(new String(s.data(), StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  private static Set<Integer> ids(List<JsonNode> payloads) {
    Set<Integer> ids = new HashSet<>();
    payloads.forEach(p -> ids.add(p.get("id").asInt()));
    return ids;
  }

  /** Checks, when a state is echoed, that every record sent before it is stored. */
  private static Consumer<ObjectNode> stateChecker(FakeKinesis fake, Map<Integer, Integer> recordsBeforeState,
      List<String> violations) {
    return state -> {
      int id = state.get("id").asInt();
      Set<Integer> stored = ids(payloads(fake.records(STREAM)));
      for (int i = 0; i < recordsBeforeState.get(id); i++) {
        if (!stored.contains(i)) {
          violations.add("state " + id + " echoed before record " + i + " was stored");
          return;
        }
      }
    };
  }

  private void writeAll(FakeKinesis fake, KinesisDestinationConfig config, int records, int keys, int stateEvery,
      List<String> violations) throws Exception {
    Map<Integer, Integer> before = new HashMap<>();
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), config,
        WriteHarness.catalog("public", "orders"), stateChecker(fake, before, violations))) {
      Map<String, Integer> seq = new HashMap<>();
      for (int i = 0; i < records; i++) {
        String key = "k" + (i % keys);
        h.record("public", "orders", data(i, key, seq.merge(key, 1, Integer::sum)));
        if ((i + 1) % stateEvery == 0) {
          // Registered first: the state may be echoed during the call, when its records are already stored.
          before.put((i + 1) / stateEvery, i + 1);
          assertThat(h.streamState("public", "orders")).isEqualTo((i + 1) / stateEvery);
        }
      }
      h.finish();
      assertThat(h.states).hasSize(records / stateEvery);
      for (int s = 0; s < h.states.size(); s++) {
        assertThat(h.states.get(s).get("id").asInt()).isEqualTo(s + 1);
        assertThat(h.states.get(s).at("/destinationStats/recordCount").asDouble()).isEqualTo(stateEvery);
      }
    }
  }

  private static void assertPerKeyOrder(List<JsonNode> payloadsInStoreOrder) {
    Map<String, Integer> last = new HashMap<>();
    for (JsonNode p : payloadsInStoreOrder) {
      int previous = last.getOrDefault(p.get("key").asText(), 0);
      assertThat(p.get("seq").asInt()).as("order of key %s", p.get("key").asText()).isEqualTo(previous + 1);
      last.put(p.get("key").asText(), p.get("seq").asInt());
    }
  }

  @Test
  void deliversEveryRecordDespitePartialFailures() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 4).failEntries(0.3,
        "ProvisionedThroughputExceededException");
    KinesisDestinationConfig config = WriteHarness.fastRetries(WriteHarness.config("""
        {"payload":{"mode":"data"}}"""), 50);
    List<String> violations = new ArrayList<>();
    writeAll(fake, config, 2000, 2000, 100, violations);

    List<JsonNode> stored = payloads(fake.records(STREAM));
    assertThat(stored).hasSize(2000);
    assertThat(ids(stored)).hasSize(2000);
    assertThat(violations).isEmpty();
  }

  @Test
  void keepsPerKeyOrderUnderPartialFailures() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 2).failEntries(0.4, "InternalFailure");
    KinesisDestinationConfig config = WriteHarness.fastRetries(WriteHarness.config("""
        {"payload":{"mode":"data"},"partition_key":{"mode":"fields","fields":["key"]}}"""), 100);
    List<String> violations = new ArrayList<>();
    writeAll(fake, config, 1500, 7, 50, violations);

    List<JsonNode> stored = payloads(fake.records(STREAM));
    assertThat(stored).hasSize(1500);
    assertPerKeyOrder(stored);
    assertThat(violations).isEmpty();
  }

  @Test
  void keepsPerKeyOrderWithAggregationUnderPartialFailures() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 3).failEntries(0.4,
        "ProvisionedThroughputExceededException");
    KinesisDestinationConfig config = WriteHarness.fastRetries(WriteHarness.config("""
        {"payload":{"mode":"data"},"partition_key":{"mode":"fields","fields":["key"]},"aggregation":true,
         "aggregation_max_kib":2}"""), 100);
    List<String> violations = new ArrayList<>();
    writeAll(fake, config, 3000, 11, 300, violations);

    List<JsonNode> stored = payloads(fake.records(STREAM));
    assertThat(stored).hasSize(3000);
    assertPerKeyOrder(stored);
    assertThat(violations).isEmpty();
    assertThat(fake.putEntries()).as("aggregation packs many records per Kinesis record").isLessThan(3000);
  }

  @Test
  void relaxedOrderStillLosesNothing() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 2).failEntries(0.3, "InternalFailure");
    KinesisDestinationConfig config = WriteHarness.fastRetries(WriteHarness.config("""
        {"payload":{"mode":"data"},"partition_key":{"mode":"constant","value":"hot"},
         "preserve_key_order":false}"""), 100);
    List<String> violations = new ArrayList<>();
    writeAll(fake, config, 1000, 1, 100, violations);

    assertThat(ids(payloads(fake.records(STREAM)))).hasSize(1000);
    assertThat(violations).isEmpty();
  }

  @Test
  void aPersistentFailureEndsInATransientErrorAfterTheBudgetAndEchoesNoCoveringState() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1).failEntries(1.0,
        "ProvisionedThroughputExceededException");
    KinesisDestinationConfig config = WriteHarness.fastRetries(WriteHarness.config("""
        {"payload":{"mode":"data"}}"""), 4);
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), config,
        WriteHarness.catalog("public", "orders"), s -> {})) {
      h.streamState("public", "orders");
      h.record("public", "orders", data(1, "a", 1));
      h.streamState("public", "orders");
      assertThatThrownBy(h::finish).isInstanceOf(TransientErrorException.class)
          .hasMessageContaining("'" + STREAM + "'")
          .hasMessageContaining("after 4 attempts")
          .hasMessageContaining("ProvisionedThroughputExceededException")
          .hasMessageContaining("No record was lost");
      assertThat(h.states).extracting(s -> s.get("id").asInt()).containsExactly(1);
    }
    assertThat(fake.records(STREAM)).isEmpty();
  }

  @Test
  void aCallStillThrottledAfterTheClientsRetriesEndsTheSyncWithoutAnotherCall() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1).throttleNextCalls(Integer.MAX_VALUE);
    KinesisDestinationConfig config = WriteHarness.fastRetries(WriteHarness.config("{}"), 3);
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), config,
        WriteHarness.catalog("public", "orders"), s -> {})) {
      h.record("public", "orders", data(1, "a", 1));
      assertThatThrownBy(h::finish).isInstanceOf(TransientErrorException.class)
          .hasMessageContaining("ProvisionedThroughputExceededException");
    }
    assertThat(fake.putCalls()).isEqualTo(1);
  }

  @Test
  void aKmsAccessProblemOnAnEntryStopsWithAConfigError() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1).failEntries(1.0, "KMSAccessDeniedException");
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), WriteHarness.config("{}"),
        WriteHarness.catalog("public", "orders"), s -> {})) {
      h.record("public", "orders", data(1, "a", 1));
      assertThatThrownBy(h::finish).isInstanceOf(ConfigErrorException.class)
          .hasMessageContaining("KMSAccessDeniedException").hasMessageContaining("kms:GenerateDataKey");
    }
  }

  @Test
  void aRejectedEntryStopsWithASystemError() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1).failEntries(1.0, "InvalidArgumentException");
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), WriteHarness.config("{}"),
        WriteHarness.catalog("public", "orders"), s -> {})) {
      h.record("public", "orders", data(1, "a", 1));
      assertThatThrownBy(h::finish).isInstanceOf(SystemErrorException.class)
          .hasMessageContaining("InvalidArgumentException");
    }
  }

  @Test
  void aDeniedCallStopsAtOnceWithAConfigError() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1)
        .failCalls(new ConfigErrorException("Access denied while writing (AccessDeniedException, HTTP 400)"));
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), WriteHarness.config("{}"),
        WriteHarness.catalog("public", "orders"), s -> {})) {
      h.record("public", "orders", data(1, "a", 1));
      assertThatThrownBy(h::finish).isInstanceOf(ConfigErrorException.class).hasMessageContaining("Access denied");
    }
    assertThat(fake.putCalls()).isEqualTo(1);
  }

  @Test
  void anOversizedRecordFailsByDefaultNamingTheStream() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1).withMaxRecordSizeKiB(1);
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), WriteHarness.config(
        "{\"payload\":{\"mode\":\"data\"}}"), WriteHarness.catalog("public", "orders"), s -> {})) {
      assertThatThrownBy(() -> h.record("public", "orders", ProtocolCodec.readTreeUnchecked(
          "{\"blob\":\"" + "x".repeat(1100) + "\"}"))).isInstanceOf(ConfigErrorException.class)
          .hasMessageContaining("'public.orders'").hasMessageContaining("1024 bytes")
          .hasMessageContaining("on_oversized_record");
    }
  }

  @Test
  void oversizedRecordsCanBeSkippedAndCountedAsRejected() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1).withMaxRecordSizeKiB(1);
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), WriteHarness.config(
        "{\"payload\":{\"mode\":\"data\"},\"on_oversized_record\":\"SKIP\"}"), WriteHarness.catalog("public",
        "orders"), s -> {})) {
      h.record("public", "orders", data(1, "a", 1));
      h.record("public", "orders", ProtocolCodec.readTreeUnchecked("{\"id\":2,\"blob\":\"" + "x".repeat(1100)
          + "\"}"));
      h.record("public", "orders", data(3, "a", 2));
      h.streamState("public", "orders");
      h.finish();
      assertThat(h.states).hasSize(1);
      assertThat(h.states.get(0).at("/destinationStats/recordCount").asDouble()).isEqualTo(2.0);
      assertThat(h.states.get(0).at("/destinationStats/rejectedRecordCount").asDouble()).isEqualTo(1.0);
    }
    assertThat(ids(payloads(fake.records(STREAM)))).containsExactlyInAnyOrder(1, 3);
  }

  @Test
  void frequentStatesStillShareRequests() throws Exception {
    CountDownLatch network = new CountDownLatch(1);
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 2).holdCallsUntil(network);
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), WriteHarness.config(
        "{\"payload\":{\"mode\":\"data\"}}"), WriteHarness.catalog("public", "orders"), s -> {})) {
      for (int i = 0; i < 400; i++) {
        h.record("public", "orders", data(i, "k", i));
        h.streamState("public", "orders");
      }
      // All 400 pairs arrived while the first request was on the wire: the rest share a few requests.
      network.countDown();
      h.finish();
      assertThat(h.states).hasSize(400);
      assertThat(h.states).allSatisfy(s -> assertThat(s.at("/destinationStats/recordCount").asDouble())
          .isEqualTo(1.0));
    }
    assertThat(fake.records(STREAM)).hasSize(400);
    assertThat(fake.putCalls()).isLessThanOrEqualTo(5);
  }

  @Test
  void aSplitDuringAnAggregatedWriteLosesNothingForConsumersThatDropMisplacedAggregates() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 1);
    KinesisDestinationConfig config = WriteHarness.config("""
        {"payload":{"mode":"data"},"partition_key":{"mode":"fields","fields":["key"]},"aggregation":true}""");
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), config,
        WriteHarness.catalog("public", "orders"), s -> {})) {
      Map<String, Integer> seq = new HashMap<>();
      for (int i = 0; i < 600; i++) {
        String key = "k" + (i % 13);
        h.record("public", "orders", data(i, key, seq.merge(key, 1, Integer::sum)));
        if (i == 299) {
          h.streamState("public", "orders");
          h.awaitStates(1);
          // The writer's shard map still shows the parent: its next aggregates are built for a closed shard.
          fake.split(STREAM, fake.openShards(STREAM).get(0));
        }
      }
      h.streamState("public", "orders");
      h.finish();
      assertThat(h.states).hasSize(2);
    }
    // Read like the KCL: per shard, drop an aggregate holding a user record outside the shard's range.
    List<JsonNode> visible = new ArrayList<>();
    for (Map.Entry<ShardRange, List<Stored>> shard : fake.recordsByShard(STREAM).entrySet()) {
      for (Stored s : shard.getValue()) {
        var users = KplDeaggregator.deaggregate(s.data());
        List<UserRecord> records = users.orElse(List.of(new UserRecord(s.partitionKey(), null, s.data())));
        boolean inRange = users.isEmpty() || records.stream().allMatch(u -> shard.getKey().contains(
            HashKeys.effective(u.partitionKey(), u.explicitHashKey())));
        if (inRange) {
          records.forEach(u -> visible.add(ProtocolCodec.readTreeUnchecked(new String(u.data(),
              StandardCharsets.UTF_8))));
        }
      }
    }
    assertThat(ids(visible)).hasSize(600);
    assertThat(fake.openShards(STREAM)).hasSize(2);
  }

  @Test
  void anAggregateLandingOnAMergedShardThatHoldsAllItsRecordsIsNotSentTwice() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream(STREAM, 2);
    KinesisDestinationConfig config = WriteHarness.config("""
        {"payload":{"mode":"data"},"partition_key":{"mode":"fields","fields":["key"]},"aggregation":true}""");
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), config,
        WriteHarness.catalog("public", "orders"), s -> {})) {
      Map<String, Integer> seq = new HashMap<>();
      for (int i = 0; i < 400; i++) {
        String key = "k" + (i % 13);
        h.record("public", "orders", data(i, key, seq.merge(key, 1, Integer::sum)));
        if (i == 199) {
          h.streamState("public", "orders");
          h.awaitStates(1);
          List<String> open = fake.openShards(STREAM);
          fake.merge(STREAM, open.get(0), open.get(1));
        }
      }
      h.streamState("public", "orders");
      h.finish();
    }
    List<JsonNode> stored = payloads(fake.records(STREAM));
    assertThat(stored).hasSize(400);
    assertPerKeyOrder(stored);
  }
}
