package dev.awsconnectors.commons.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.state.StateLedger.RecordGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StateLedgerTest {
  private static final StreamDescriptor USERS = new StreamDescriptor("users", "public");
  private static final StreamDescriptor ORDERS = new StreamDescriptor("orders", "public");

  private final List<ObjectNode> released = new ArrayList<>();
  private final StateLedger ledger = new StateLedger(released::add);

  @Test
  void releasesStateImmediatelyWhenNoRecordIsPending() throws Exception {
    ledger.stateAccepted(streamState(USERS, 1));

    assertThat(released).hasSize(1);
    assertThat(released.get(0).at("/destinationStats/recordCount").asDouble()).isZero();
  }

  @Test
  void echoesStateOnlyAfterRecordsAreAcknowledged() throws Exception {
    RecordGroup a = ledger.recordAccepted(USERS);
    RecordGroup b = ledger.recordAccepted(USERS);
    ledger.stateAccepted(streamState(USERS, 1));

    assertThat(released).isEmpty();
    ledger.acknowledge(a, 1);
    assertThat(released).isEmpty();
    ledger.acknowledge(b, 1);
    assertThat(released).hasSize(1);
    assertThat(released.get(0).at("/destinationStats/recordCount").asText()).isEqualTo("2.0");
  }

  @Test
  void recordsOfOneStreamBetweenTwoStatesShareOneGroup() {
    RecordGroup first = ledger.recordAccepted(USERS);
    RecordGroup second = ledger.recordAccepted(USERS);

    assertThat(second).isSameAs(first);
    assertThat(ledger.recordAccepted(ORDERS)).isNotSameAs(first);
  }

  @Test
  void streamStateDoesNotWaitForOtherStreams() throws Exception {
    RecordGroup orders = ledger.recordAccepted(ORDERS);
    ledger.recordAccepted(USERS);
    ledger.stateAccepted(streamState(ORDERS, 1));

    ledger.acknowledge(orders, 1);

    assertThat(released).hasSize(1);
    assertThat(released.get(0).at("/stream/stream_descriptor/name").asText()).isEqualTo("orders");
  }

  @Test
  void globalStateWaitsForEveryStream() throws Exception {
    RecordGroup orders = ledger.recordAccepted(ORDERS);
    RecordGroup users = ledger.recordAccepted(USERS);
    ledger.stateAccepted(globalState(1));

    ledger.acknowledge(orders, 1);
    assertThat(released).isEmpty();
    ledger.acknowledge(users, 1);
    assertThat(released).hasSize(1);
    assertThat(released.get(0).at("/destinationStats/recordCount").asDouble()).isEqualTo(2.0);
  }

  @Test
  void legacyStateWithoutTypeCoversEveryStream() throws Exception {
    RecordGroup orders = ledger.recordAccepted(ORDERS);
    ledger.stateAccepted(state("{\"data\":{\"cursor\":7}}"));

    assertThat(released).isEmpty();
    ledger.acknowledge(orders, 1);
    assertThat(released).hasSize(1);
    assertThat(released.get(0).get("data").get("cursor").asInt()).isEqualTo(7);
  }

  @Test
  void releasesStatesInArrivalOrderEvenWhenALaterOneIsCoveredFirst() throws Exception {
    RecordGroup users = ledger.recordAccepted(USERS);
    ledger.stateAccepted(streamState(USERS, 1));
    RecordGroup orders = ledger.recordAccepted(ORDERS);
    ledger.stateAccepted(streamState(ORDERS, 2));

    ledger.acknowledge(orders, 1);
    assertThat(released).isEmpty();
    ledger.acknowledge(users, 1);
    assertThat(released).extracting(s -> s.at("/stream/stream_state/c").asInt()).containsExactly(1, 2);
  }

  @Test
  void recordsAfterAStateDoNotHoldItBack() throws Exception {
    RecordGroup before = ledger.recordAccepted(USERS);
    ledger.stateAccepted(streamState(USERS, 1));
    RecordGroup after = ledger.recordAccepted(USERS);

    assertThat(after).isNotSameAs(before);
    ledger.acknowledge(before, 1);
    assertThat(released).hasSize(1);
    assertThat(ledger.unacknowledgedRecords()).isEqualTo(1);
  }

  @Test
  void countsRecordsPerStreamSinceThatStreamsPreviousState() throws Exception {
    ack(ledger.recordAccepted(USERS));
    ack(ledger.recordAccepted(ORDERS));
    ack(ledger.recordAccepted(USERS));
    ledger.stateAccepted(streamState(USERS, 1));
    ack(ledger.recordAccepted(ORDERS));
    ledger.stateAccepted(streamState(ORDERS, 2));
    ledger.stateAccepted(streamState(USERS, 3));

    assertThat(released).extracting(s -> s.at("/destinationStats/recordCount").asDouble())
        .containsExactly(2.0, 2.0, 0.0);
  }

  @Test
  void reportsRejectedRecordsWithoutWaitingForThem() throws Exception {
    ack(ledger.recordAccepted(USERS));
    ledger.recordRejected(USERS);
    ledger.stateAccepted(streamState(USERS, 1));

    assertThat(released).hasSize(1);
    assertThat(released.get(0).at("/destinationStats/recordCount").asDouble()).isEqualTo(1.0);
    assertThat(released.get(0).at("/destinationStats/rejectedRecordCount").asDouble()).isEqualTo(1.0);
  }

  @Test
  void echoesTheStateVerbatimWithUnknownFieldsNullsAndNumberSpellings() throws Exception {
    String raw = "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"users\",\"namespace\":null},"
        + "\"stream_state\":null},\"sourceStats\":{\"recordCount\":3},\"id\":17,\"x\":{\"big\":1.50}}";
    ledger.stateAccepted(state(raw));

    ObjectNode echoed = released.get(0);
    ObjectNode expected = (ObjectNode) ProtocolCodec.readTree(raw);
    echoed.remove("destinationStats");
    assertThat(echoed).isEqualTo(expected);
    assertThat(ProtocolCodec.serialize(echoed)).contains("\"sourceStats\":{\"recordCount\":3}").contains("\"big\":1.50")
        .contains("\"stream_state\":null").contains("\"id\":17");
  }

  @Test
  void replacesAnIncomingDestinationStats() throws Exception {
    ledger.stateAccepted(state("{\"type\":\"GLOBAL\",\"global\":{},\"destinationStats\":{\"recordCount\":99.0}}"));

    assertThat(released.get(0).at("/destinationStats/recordCount").asDouble()).isZero();
  }

  @Test
  void groupAcknowledgedAndRetiredIsNotReusedForLaterRecordsOfTheSameEpoch() throws Exception {
    RecordGroup first = ledger.recordAccepted(USERS);
    ledger.acknowledge(first, 1);
    ledger.stateAccepted(globalState(0));
    // The global state retired the fully acknowledged group while checking coverage.
    ledger.stateAccepted(globalState(1));
    RecordGroup next = ledger.recordAccepted(USERS);
    ledger.stateAccepted(streamState(USERS, 2));

    assertThat(released).hasSize(2);
    ledger.acknowledge(next, 1);
    assertThat(released).hasSize(3);
  }

  @Test
  void refusesToAcknowledgeMoreThanWasAccepted() {
    RecordGroup group = ledger.recordAccepted(USERS);

    assertThatThrownBy(() -> ledger.acknowledge(group, 2)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void neverReleasesAStateBeforeItsRecordsUnderConcurrentAcknowledgements() throws Exception {
    // 20,000 records of 3 streams with global states in between, acknowledged in random order from 4 threads.
    // When a state is released, every record that arrived before it must already be acknowledged.
    Random random = new Random(42);
    StreamDescriptor[] streams = {USERS, ORDERS, new StreamDescriptor("events", null)};
    int total = 20_000;
    boolean[] acknowledged = new boolean[total];
    RecordGroup[] groups = new RecordGroup[total];
    List<Integer> recordsBeforeState = new ArrayList<>();
    List<String> violations = new ArrayList<>();
    int[] releasedCount = {0};
    Object lock = new Object();
    StateLedger concurrent = new StateLedger(s -> {
      int covered = recordsBeforeState.get(releasedCount[0]++);
      for (int j = 0; j < covered; j++) {
        if (!acknowledged[j]) {
          violations.add("state " + (releasedCount[0] - 1) + " released before record " + j);
          break;
        }
      }
    });
    int accepted = 0;
    while (accepted < total) {
      if (random.nextInt(50) == 0) {
        recordsBeforeState.add(accepted);
        concurrent.stateAccepted(globalState(accepted));
      } else {
        groups[accepted++] = concurrent.recordAccepted(streams[random.nextInt(streams.length)]);
      }
    }
    recordsBeforeState.add(total);
    concurrent.stateAccepted(globalState(total));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, random);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch done = new CountDownLatch(total);
    for (int index : order) {
      pool.execute(() -> {
        synchronized (lock) {
          acknowledged[index] = true;
          concurrent.acknowledge(groups[index], 1);
        }
        done.countDown();
      });
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();

    assertThat(violations).isEmpty();
    assertThat(concurrent.pendingStates()).isZero();
    assertThat(releasedCount[0]).isEqualTo(recordsBeforeState.size());
  }

  private void ack(RecordGroup group) {
    ledger.acknowledge(group, 1);
  }

  private static IncomingState streamState(StreamDescriptor stream, int cursor) throws Exception {
    String ns = stream.namespace() == null ? "" : ",\"namespace\":\"" + stream.namespace() + "\"";
    return state("{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"" + stream.name() + "\"" + ns
        + "},\"stream_state\":{\"c\":" + cursor + "}}}");
  }

  private static IncomingState globalState(int cursor) throws Exception {
    return state("{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"c\":" + cursor + "}}}");
  }

  private static IncomingState state(String json) throws Exception {
    JsonNode node = ProtocolCodec.readTree(json);
    return new IncomingState(ProtocolCodec.convert(node, AirbyteStateMessage.class), (ObjectNode) node);
  }
}
