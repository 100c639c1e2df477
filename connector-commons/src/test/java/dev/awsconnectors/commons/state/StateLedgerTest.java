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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
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
  void equalDescriptorsShareABookWhileInterleavedStreamsKeepTheirOwn() throws Exception {
    // New but equal descriptor instances, one with an unknown member (equal as a key), alternating with another stream.
    StreamDescriptor usersWithExtra = new StreamDescriptor("users", "public",
        Map.of("x", ProtocolCodec.readTree("1")));
    RecordGroup u1 = ledger.recordAccepted(new StreamDescriptor("users", "public"));
    RecordGroup o1 = ledger.recordAccepted(ORDERS);
    RecordGroup u2 = ledger.recordAccepted(new StreamDescriptor("users", "public"));
    RecordGroup u3 = ledger.recordAccepted(usersWithExtra);
    RecordGroup o2 = ledger.recordAccepted(new StreamDescriptor("orders", "public"));
    ledger.recordRejected(new StreamDescriptor("orders", "public"));
    RecordGroup n1 = ledger.recordAccepted(new StreamDescriptor("users", null));

    assertThat(u2).isSameAs(u1);
    assertThat(u3).isSameAs(u1);
    assertThat(o2).isSameAs(o1).isNotSameAs(u1);
    assertThat(n1).isNotSameAs(u1);
    ledger.stateAccepted(streamState(ORDERS, 1));
    ledger.stateAccepted(streamState(USERS, 2));
    ledger.acknowledge(o1, 2);
    assertThat(released).hasSize(1);
    assertThat(released.get(0).at("/destinationStats/recordCount").asDouble()).isEqualTo(2.0);
    assertThat(released.get(0).at("/destinationStats/rejectedRecordCount").asDouble()).isEqualTo(1.0);
    ledger.acknowledge(u1, 3);
    assertThat(released).hasSize(2);
    assertThat(released.get(1).at("/destinationStats/recordCount").asDouble()).isEqualTo(3.0);
    assertThat(ledger.unacknowledgedRecords()).isEqualTo(1);
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
  void neverReleasesAStateBeforeItsRecordsWhileSeveralThreadsAcknowledgeAtOnce() throws Exception {
    // 40,000 records of 3 streams with STREAM and GLOBAL states in between, accepted on this thread as the runner
    // does, then acknowledged one by one in a random order by 4 threads that start together and share no lock but
    // the ledger's. Each record is marked before it is acknowledged, so a state released while a record it covers is
    // still unmarked was released too early. Counts, order and that the threads really overlapped are checked too.
    Random random = new Random(42);
    StreamDescriptor[] streams = {USERS, ORDERS, new StreamDescriptor("events", null)};
    int total = 40_000;
    int threads = 4;
    int[] streamOf = new int[total];
    RecordGroup[] groups = new RecordGroup[total];
    AtomicIntegerArray acknowledged = new AtomicIntegerArray(total);
    record Expected(int stream, int recordsBefore, int count) {} // stream -1: a GLOBAL state, covering every stream
    List<Expected> expected = new ArrayList<>();
    List<ObjectNode> echoed = Collections.synchronizedList(new ArrayList<>());
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    StateLedger concurrent = new StateLedger(state -> {
      Expected e = expected.get(echoed.size());
      echoed.add(state);
      for (int j = 0; j < e.recordsBefore(); j++) {
        if ((e.stream() < 0 || streamOf[j] == e.stream()) && acknowledged.get(j) == 0) {
          violations.add("state " + (echoed.size() - 1) + " released before record " + j + " was acknowledged");
          return;
        }
      }
    });
    int[] sinceStreamState = new int[streams.length];
    int sinceGlobalState = 0;
    int accepted = 0;
    while (accepted < total) {
      int draw = random.nextInt(200);
      if (draw < 4) {
        int stream = draw % streams.length;
        expected.add(new Expected(stream, accepted, sinceStreamState[stream]));
        sinceStreamState[stream] = 0;
        concurrent.stateAccepted(streamState(streams[stream], expected.size()));
      } else if (draw == 4) {
        expected.add(new Expected(-1, accepted, sinceGlobalState));
        sinceGlobalState = 0;
        concurrent.stateAccepted(globalState(expected.size()));
      } else {
        int stream = random.nextInt(streams.length);
        streamOf[accepted] = stream;
        groups[accepted++] = concurrent.recordAccepted(streams[stream]);
        sinceStreamState[stream]++;
        sinceGlobalState++;
      }
    }
    expected.add(new Expected(-1, total, sinceGlobalState));
    concurrent.stateAccepted(globalState(expected.size()));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);

    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();
    // Each thread's first acknowledgement waits at the ledger's door until a second thread is there too, so that
    // at least two calls overlap however the threads are scheduled (on a busy machine one could otherwise finish its
    // whole slice before another starts).
    CountDownLatch twoInside = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> acknowledging = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Integer> slice = order.subList(t * total / threads, (t + 1) * total / threads);
      acknowledging.add(pool.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        boolean first = true;
        for (int index : slice) {
          acknowledged.set(index, 1);
          mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
          if (first) {
            first = false;
            twoInside.countDown();
            twoInside.await(10, TimeUnit.SECONDS);
          }
          concurrent.acknowledge(groups[index], 1);
          inside.decrementAndGet();
        }
        return null;
      }));
    }
    try {
      for (Future<?> f : acknowledging) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(violations).isEmpty();
    assertThat(echoed).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      ObjectNode state = echoed.get(i);
      assertThat(state.at(expected.get(i).stream() < 0 ? "/global/shared_state/c" : "/stream/stream_state/c").asInt())
          .as("state %d echoed in arrival order", i).isEqualTo(i + 1);
      assertThat(state.at("/destinationStats/recordCount").asDouble()).as("recordCount of state %d", i)
          .isEqualTo(expected.get(i).count());
    }
    assertThat(concurrent.pendingStates()).isZero();
    assertThat(concurrent.unacknowledgedRecords()).isZero();
    assertThat(mostInside.get()).as("threads acknowledged at the same time").isGreaterThan(1);
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
