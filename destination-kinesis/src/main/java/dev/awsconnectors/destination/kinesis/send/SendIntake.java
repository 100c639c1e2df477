package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.destination.kinesis.send.SendEvent.Incoming;
import dev.awsconnectors.destination.kinesis.send.SendEvent.Wake;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The writer's side of the {@link SendLoop}: takes each record against the memory budget ({@link OutstandingRecords}),
 * collects records into runs ({@link RecordRuns}) and posts them and the wake-ups to the loop's inbox; learns how the
 * loop ended, so that a send-side failure is rethrown on the writer's thread and the end of input can be waited for.
 *
 * <p>Runs are handed over early so that no record waits on this side for something that needs it on the loop's: before
 * the writer waits for memory (the loop frees memory only by acknowledging what it has), on {@link #wake} (a state
 * arrived), on {@link #handOver} (the writer is about to wait for input) and at the end of input.
 *
 * <p>Lifecycle: the {@link SendLoop} creates it over the loop's inbox. The writer's thread then calls any number of
 * {@link #submit}, {@link #handOver}, {@link #wake} and {@link #throwIfFailed}, then {@link #finish} once (tests that
 * drive the loop by hand call {@link #endOfInput} and watch {@link #isDone}). The loop's thread reports its end once:
 * {@link #done} after every record is acknowledged following the end of input, or {@link #failed}; the first failure
 * wins. Safe between these two threads; the writer's calls are not thread-safe among themselves.
 */
public final class SendIntake {
  private final OutstandingRecords outstanding;
  private final EventInbox<SendEvent> events;
  /** Records of the writer's thread not handed over yet. */
  private final RecordRuns runs;
  private final Runnable failureCheck = this::throwIfFailed;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CompletableFuture<Void> end = new CompletableFuture<>();

  SendIntake(OutstandingRecords outstanding, EventInbox<SendEvent> events) {
    this.outstanding = outstanding;
    this.events = events;
    this.runs = new RecordRuns((stream, members) -> events.post(new Incoming(stream, members)));
  }

  /** Takes a record, handed over to the loop in a run of records; blocks while the in-memory budget is spent. */
  public void submit(String stream, Member member) throws InterruptedException {
    outstanding.add(member, runs::handOver, failureCheck);
    runs.add(stream, member);
  }

  /** Hands over the records taken so far: the writer is about to wait for more input. */
  public void handOver() {
    runs.handOver();
  }

  /** A state arrived: let the loop send what it covers. */
  public void wake() {
    runs.handOver();
    events.post(new Wake(false));
  }

  /** Rethrows a send-side failure on the caller's thread. */
  public void throwIfFailed() {
    Throwable t = failure.get();
    if (t instanceof ConnectorException ce) {
      throw ce;
    }
    if (t != null) {
      throw new SystemErrorException("Writing to Kinesis failed: " + t, t);
    }
  }

  /** The input ended: once every record is acknowledged, the loop is done. */
  void endOfInput() {
    runs.handOver();
    events.post(new Wake(true));
  }

  /** End of input: returns once every submitted record is acknowledged, or throws the failure that prevented it. */
  void finish() throws InterruptedException {
    endOfInput();
    try {
      end.get();
    } catch (ExecutionException e) {
      throwIfFailed();
      throw new SystemErrorException("Writing to Kinesis failed", e.getCause());
    }
    outstanding.summary();
  }

  /** Records submitted and not yet acknowledged. */
  int outstanding() {
    return outstanding.count();
  }

  /** Loop's thread: every record was acknowledged after the end of input. */
  void done() {
    end.complete(null);
  }

  /** Loop's thread: the loop stopped with {@code t} (unless it failed already); the writer's next call rethrows it. */
  void failed(Throwable t) {
    failure.compareAndSet(null, t);
    end.completeExceptionally(failure.get());
  }

  /** True once every record was acknowledged after the end of input, or the loop failed. */
  boolean isDone() {
    return end.isDone();
  }
}
