package dev.awsconnectors.destination.kinesis.send;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The writer's side of the hand-over to the send loop: consecutive records of one Kinesis stream are collected into a
 * run, and a run crosses to the loop's thread as one event. The inbox, the wake-up and the loop's lane look-up are
 * then paid once per run instead of once per record.
 *
 * <p>A run is handed over when it holds {@value #RUN} records, when a record of another stream comes, and whenever
 * the writer calls {@link #handOver()}: before it waits for memory (the loop must see what it holds to free any), when
 * a state arrives, when the runner has handed over every line it read and is about to wait for more input, and at the
 * end of input. So no record waits for input that may never come, and a state never waits for records held here.
 *
 * <p>Lifecycle: {@link #add} and {@link #handOver} on the writer's thread only; each run goes to the consumer given
 * at construction, on that thread. Not thread-safe.
 */
final class RecordRuns {
  /** Records per run at most. */
  static final int RUN = 64;

  private final BiConsumer<String, List<Member>> handOver;
  private String stream;
  private List<Member> members = new ArrayList<>(RUN);

  /** @param handOver takes each run: the Kinesis stream and its records, in the order they were added */
  RecordRuns(BiConsumer<String, List<Member>> handOver) {
    this.handOver = handOver;
  }

  void add(String kinesisStream, Member member) {
    if (!members.isEmpty() && !kinesisStream.equals(stream)) {
      handOver();
    }
    stream = kinesisStream;
    members.add(member);
    if (members.size() == RUN) {
      handOver();
    }
  }

  /** Hands over the records collected so far, if any. */
  void handOver() {
    if (members.isEmpty()) {
      return;
    }
    List<Member> run = members;
    members = new ArrayList<>(RUN);
    handOver.accept(stream, run);
  }

  /** Records collected and not handed over yet. */
  int held() {
    return members.size();
  }
}
