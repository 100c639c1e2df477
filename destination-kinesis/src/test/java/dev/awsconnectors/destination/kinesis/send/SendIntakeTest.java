package dev.awsconnectors.destination.kinesis.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.destination.kinesis.send.SendEvent.Incoming;
import dev.awsconnectors.destination.kinesis.send.SendEvent.Wake;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The writer's side of the send loop, with the test's thread as the loop: it reads what the intake posts to the inbox
 * and acknowledges records or ends the loop by hand. A writer that must block runs on a thread of its own.
 */
@Timeout(30)
class SendIntakeTest {
  private final StateLedger ledger = new StateLedger(state -> {});
  private final EventInbox<SendEvent> inbox = new EventInbox<>(Thread.currentThread());

  private OutstandingRecords outstanding(long budgetBytes) {
    return new OutstandingRecords(ledger, budgetBytes, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  }

  /** A record of 100 budget bytes whose data is its id. */
  private Member member(String id) {
    return new Member(new UserRecord("k", null, id.getBytes(StandardCharsets.UTF_8)),
        ledger.recordAccepted(new StreamDescriptor("s", null)), 100);
  }

  /** The events posted so far, each run written as "stream:id,id", each wake as "wake" or "end". */
  private List<String> posted() {
    List<String> seen = new ArrayList<>();
    for (SendEvent e = inbox.poll(); e != null; e = inbox.poll()) {
      seen.add(describe(e));
    }
    return seen;
  }

  private static String describe(SendEvent e) {
    if (e instanceof Incoming in) {
      return in.stream() + ":" + String.join(",", in.members().stream()
          .map(m -> new String(m.record().data(), StandardCharsets.UTF_8)).toList());
    }
    return ((Wake) e).finish() ? "end" : "wake";
  }

  private interface WriterCall {
    void run() throws Exception;
  }

  /** Makes {@code call} on a writer thread of its own, as it may block; the future ends with the call. */
  private static CompletableFuture<Void> onWriterThread(WriterCall call) {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Thread writer = new Thread(() -> {
      try {
        call.run();
        ended.complete(null);
      } catch (Throwable t) {
        ended.completeExceptionally(t);
      }
    }, "writer");
    writer.setDaemon(true);
    writer.start();
    return ended;
  }

  @Test
  void recordsCrossInRunsAndAWakeOrTheEndFollowsTheRunItEnds() throws Exception {
    SendIntake intake = new SendIntake(outstanding(1 << 20), inbox);
    intake.submit("a", member("1"));
    intake.submit("a", member("2"));
    assertThat(posted()).as("held on the writer's side").isEmpty();
    assertThat(intake.outstanding()).isEqualTo(2);

    intake.wake();
    intake.wake();
    assertThat(posted()).containsExactly("a:1,2", "wake", "wake");

    intake.submit("b", member("3"));
    intake.handOver();
    intake.handOver();
    intake.submit("a", member("4"));
    intake.endOfInput();
    assertThat(posted()).containsExactly("b:3", "a:4", "end");
    assertThat(intake.isDone()).as("only the loop says so").isFalse();
  }

  @Test
  void aWriterOutOfMemoryHandsOverWhatItHoldsBeforeItWaitsAndGoesOnOnceTheLoopFreesIt() throws Exception {
    OutstandingRecords outstanding = outstanding(150);
    SendIntake intake = new SendIntake(outstanding, inbox);
    Member first = member("1");
    intake.submit("a", first);

    CompletableFuture<Void> second = onWriterThread(() -> intake.submit("a", member("2")));
    assertThat(describe(inbox.take(Long.MAX_VALUE))).as("handed over before the wait").isEqualTo("a:1");
    assertThat(second).as("50 bytes free, 100 needed").isNotDone();

    outstanding.acknowledge(PutEntry.plain(first)); // the loop stored it
    second.get(20, TimeUnit.SECONDS);
    assertThat(intake.outstanding()).isEqualTo(1);
    assertThat(posted()).as("the second is held until a hand-over").isEmpty();
  }

  @Test
  void aLoopFailureEndsTheWritersWaitForMemoryWithThatFailure() throws Exception {
    OutstandingRecords outstanding = outstanding(100);
    SendIntake intake = new SendIntake(outstanding, inbox);
    intake.submit("a", member("1"));
    CompletableFuture<Void> second = onWriterThread(() -> intake.submit("a", member("2")));
    assertThat(describe(inbox.take(Long.MAX_VALUE))).isEqualTo("a:1");

    TransientErrorException failure = new TransientErrorException("PutRecords kept being throttled");
    intake.failed(failure);
    assertThatThrownBy(() -> second.get(20, TimeUnit.SECONDS)).extracting(Throwable::getCause).isSameAs(failure);
    assertThat(intake.outstanding()).as("the waiting record was not taken").isEqualTo(1);
  }

  @Test
  void aConnectorFailureIsRethrownAsItIsAndTakesNoMemory() throws Exception {
    OutstandingRecords outstanding = outstanding(100);
    SendIntake intake = new SendIntake(outstanding, inbox);
    TransientErrorException failure = new TransientErrorException("throttled");
    intake.failed(failure);
    intake.failed(new IllegalStateException("a later failure"));

    assertThat(intake.isDone()).isTrue();
    assertThatThrownBy(intake::throwIfFailed).isSameAs(failure);
    assertThatThrownBy(() -> intake.submit("a", member("1"))).isSameAs(failure);
    assertThat(intake.outstanding()).isZero();
    assertThat(outstanding.memoryPressure()).as("the refused record's bytes were given back").isFalse();
  }

  @Test
  void anyOtherFailureIsRethrownAsASystemErrorThatKeepsIt() {
    SendIntake intake = new SendIntake(outstanding(100), inbox);
    intake.throwIfFailed();
    IllegalStateException failure = new IllegalStateException("a lane lost an entry");
    intake.failed(failure);

    assertThatThrownBy(intake::throwIfFailed).isInstanceOf(SystemErrorException.class)
        .hasMessageContaining("Writing to Kinesis failed").hasMessageContaining("a lane lost an entry")
        .extracting(Throwable::getCause).isSameAs(failure);
    assertThatThrownBy(intake::finish).isInstanceOf(SystemErrorException.class)
        .extracting(Throwable::getCause).isSameAs(failure);
  }

  @Test
  void finishHandsOverEndsTheInputAndReturnsOnceTheLoopIsDone() throws Exception {
    OutstandingRecords outstanding = outstanding(1 << 20);
    SendIntake intake = new SendIntake(outstanding, inbox);
    Member only = member("1");
    intake.submit("a", only);
    CompletableFuture<Void> finished = onWriterThread(intake::finish);

    assertThat(describe(inbox.take(Long.MAX_VALUE))).isEqualTo("a:1");
    assertThat(describe(inbox.take(Long.MAX_VALUE))).isEqualTo("end");
    assertThat(finished).as("the record is not acknowledged yet").isNotDone();
    outstanding.acknowledge(PutEntry.plain(only));
    intake.done();
    finished.get(20, TimeUnit.SECONDS);
    assertThat(intake.isDone()).isTrue();
    assertThat(ledger.unacknowledgedRecords()).isZero();
  }

  @Test
  void finishRethrowsTheConnectorFailureThatStoppedTheLoop() {
    SendIntake intake = new SendIntake(outstanding(100), inbox);
    TransientErrorException failure = new TransientErrorException("access denied to the stream");
    intake.failed(failure);
    assertThatThrownBy(intake::finish).isSameAs(failure);
    assertThat(posted()).containsExactly("end");
  }
}
