package dev.awsconnectors.source.kinesis.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig.CheckpointInterval;
import dev.awsconnectors.source.kinesis.shard.ShardLineage;
import dev.awsconnectors.source.kinesis.shard.ShardReader;
import dev.awsconnectors.source.kinesis.shard.ShardStopRule.Outcome;
import dev.awsconnectors.source.kinesis.state.StreamState;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class PageQueueTest {
  private static final StreamRead STREAM = new StreamRead("s", StreamState.fresh(Optional.empty(), Optional.empty()),
      new ShardLineage(List.of(), Set.of()), CheckpointInterval.DEFAULT, false, 0);

  /** A page whose records hold {@code held} bytes: its weight is 1 KiB more. */
  private static ShardEvent page(String shard, long held) {
    return new ShardEvent.PageRead(STREAM, shard, new ShardReader.Page(List.of(), Outcome.CONTINUE, List.of(), 0,
        held / 2, 0, Optional.empty(), ShardReader.Misplaced.NONE, held), 0);
  }

  private static ShardEvent gone(String shard) {
    return new ShardEvent.ShardGone(STREAM, shard, "expired");
  }

  @Test
  void eventsComeOutInTheOrderTheyWerePut() throws Exception {
    PageQueue queue = new PageQueue(1 << 20);
    ShardEvent a = page("a", 10);
    ShardEvent b = gone("b");
    ShardEvent c = page("c", 10);
    assertThat(queue.put(a)).isTrue();
    assertThat(queue.put(b)).isTrue();
    assertThat(queue.put(c)).isTrue();
    assertThat(queue.isEmpty()).isFalse();
    assertThat(queue.poll(0)).isSameAs(a);
    assertThat(queue.poll(0)).isSameAs(b);
    assertThat(queue.poll(0)).isSameAs(c);
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.poll(1)).as("nothing came within the timeout").isNull();
  }

  @Test
  void aPageWeighsWhatItsRecordsHoldPlusOneKibibyte() {
    assertThat(page("a", 0).weight()).isEqualTo(1024);
    assertThat(page("a", 20L * 1024 * 1024).weight()).isEqualTo(1024 + 20L * 1024 * 1024);
    assertThat(gone("a").weight()).isZero();
  }

  @Test
  void anEventWeighsFromItsPutUntilItsReleaseNotItsPoll() throws Exception {
    PageQueue queue = new PageQueue(1 << 20);
    ShardEvent a = page("a", 100);
    queue.put(a);
    assertThat(queue.used()).isEqualTo(1124);
    assertThat(queue.poll(0)).isSameAs(a);
    assertThat(queue.used()).as("the page being emitted still counts").isEqualTo(1124);
    queue.release(a);
    assertThat(queue.used()).isZero();
  }

  @Test
  void aPageLargerThanTheCapacityStillFitsAnEmptyQueue() throws Exception {
    PageQueue queue = new PageQueue(2048);
    assertThat(queue.put(page("a", 1_000_000))).isTrue();
    assertThat(queue.used()).isGreaterThan(2048);
    assertThat(queue.put(gone("b"))).as("events without weight never wait").isTrue();
  }

  @Test
  void aReaderWaitsWhileThePagesNotYetReleasedLeaveNoRoomForItsPage() throws Exception {
    PageQueue queue = new PageQueue(3000);
    ShardEvent first = page("a", 500);
    queue.put(first);
    CompletableFuture<Boolean> second = putBlocked(queue, page("b", 500));
    assertThat(queue.poll(0)).isSameAs(first);
    assertThat(second).as("polled but not yet released").isNotDone();
    queue.release(first);
    assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(queue.poll(0)).isNotNull();
  }

  @Test
  void closingDropsWhatWaitsWakesBlockedReadersAndRefusesMore() throws Exception {
    PageQueue queue = new PageQueue(3000);
    queue.put(page("a", 1000));
    CompletableFuture<Boolean> blocked = putBlocked(queue, page("b", 1000));
    queue.close();
    assertThat(blocked.get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(queue.put(gone("c"))).isFalse();
    assertThat(queue.isEmpty()).isTrue();
    assertThat(queue.poll(60_000)).as("returns at once once closed").isNull();
  }

  @Test
  void rejectsANonPositiveCapacity() {
    assertThatThrownBy(() -> new PageQueue(0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Puts {@code event} from another thread and returns once that thread waits (bounded) in {@link PageQueue#put}. */
  private static CompletableFuture<Boolean> putBlocked(PageQueue queue, ShardEvent event) throws InterruptedException {
    AtomicReference<Thread> putter = new AtomicReference<>();
    CompletableFuture<Boolean> put = CompletableFuture.supplyAsync(() -> {
      putter.set(Thread.currentThread());
      try {
        return queue.put(event);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    for (int i = 0; i < 10_000; i++) {
      Thread t = putter.get();
      if (t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)) {
        return put;
      }
      Thread.sleep(1);
    }
    throw new AssertionError("The reader did not wait");
  }
}
