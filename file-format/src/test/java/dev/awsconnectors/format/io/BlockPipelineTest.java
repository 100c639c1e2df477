package dev.awsconnectors.format.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class BlockPipelineTest {

  /** A block whose "compression" takes a pseudo-random time, so that later blocks often finish first. */
  static final class Block {
    final int number;
    int compressed = -1;

    Block(int number) {
      this.number = number;
    }
  }

  /** Counts the blocks being compressed at the same time, across every compressor given the same counters. */
  private record Recording(AtomicInteger running, AtomicInteger maxRunning)
      implements BlockPipeline.Compressor<Block> {
    Recording() {
      this(new AtomicInteger(), new AtomicInteger());
    }

    @Override
    public void compress(Block block) throws InterruptedException {
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep((block.number * 7L) % 5); // out of order on purpose
        block.compressed = block.number;
      } finally {
        running.decrementAndGet();
      }
    }
  }

  @Test
  void deliversInSubmissionOrderWhateverFinishesFirst() throws IOException {
    List<Integer> delivered = new ArrayList<>();
    Recording counters = new Recording();
    BlockPipeline<Block> pipeline = new BlockPipeline<>(4, 8, "test-order",
        () -> new Recording(counters.running(), counters.maxRunning()), block -> {
      assertThat(block.compressed).isEqualTo(block.number);
      delivered.add(block.number);
    });
    for (int i = 0; i < 200; i++) {
      pipeline.submit(new Block(i), 10);
    }
    pipeline.finish();
    assertThat(delivered).hasSize(200).isSorted();
    assertThat(counters.maxRunning().get()).isBetween(1, 4);
  }

  @Test
  void waitsForTheOldestBlockOnceTheLimitIsReached() throws Exception {
    AtomicInteger outstanding = new AtomicInteger();
    AtomicInteger maxOutstanding = new AtomicInteger();
    CountDownLatch releaseOldest = new CountDownLatch(1);
    BlockPipeline<Block> pipeline = new BlockPipeline<>(2, 3, "test-bound", () -> block -> {
      if (block.number == 0) {
        releaseOldest.await(10, TimeUnit.SECONDS); // the oldest block is late: the others pile up behind it
      }
    }, block -> outstanding.decrementAndGet());
    Thread writer = Thread.currentThread();
    Thread releaser = new Thread(() -> {
      // Once the writer is stuck in submit behind block 0 with the limit reached, let block 0 finish.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while ((writer.getState() != Thread.State.WAITING || outstanding.get() < 4) && System.nanoTime() < deadline) {
        LockSupport.parkNanos(100_000);
      }
      releaseOldest.countDown();
    });
    releaser.start();
    long maxPending = 0;
    for (int i = 0; i < 20; i++) {
      maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
      pipeline.submit(new Block(i), 100);
      maxPending = Math.max(maxPending, pipeline.pendingInputBytes());
    }
    pipeline.finish();
    releaser.join(10_000);
    assertThat(maxOutstanding.get()).isEqualTo(4); // blocks 0-2 pending, block 3 waiting to be submitted
    assertThat(maxPending).isEqualTo(300);
    assertThat(outstanding.get()).isZero();
    assertThat(pipeline.pendingInputBytes()).isZero();
  }

  @Test
  void aFailedCompressionIsThrownByTheNextCallAndEndsTheThreads() throws IOException {
    List<Integer> delivered = new ArrayList<>();
    BlockPipeline<Block> pipeline = new BlockPipeline<>(2, 4, "test-failure", () -> block -> {
      if (block.number == 3) {
        throw new IllegalStateException("codec broke on block 3");
      }
    }, block -> delivered.add(block.number));
    IOException thrown = submitUntilItFails(pipeline);
    assertThat(thrown).hasMessageContaining("codec broke on block 3")
        .hasRootCauseInstanceOf(IllegalStateException.class);
    assertThat(delivered).containsExactly(0, 1, 2); // nothing after the failed block
    assertThat(pipeline.hasThreads()).isFalse();
    assertThatThrownBy(() -> pipeline.submit(new Block(99), 1)).isInstanceOf(IOException.class)
        .hasMessageContaining("failed earlier").hasMessageContaining("codec broke on block 3");
    assertThatThrownBy(pipeline::finish).isInstanceOf(IOException.class);
  }

  @Test
  void aFailedDeliveryEndsTheThreads() throws IOException {
    BlockPipeline<Block> pipeline = new BlockPipeline<>(2, 4, "test-delivery", Recording::new, block -> {
      throw new IOException("target closed");
    });
    IOException thrown = submitUntilItFails(pipeline);
    assertThat(thrown).hasMessage("target closed");
    assertThat(pipeline.hasThreads()).isFalse();
  }

  @Test
  void threadsEndWhenFinishReturnsAndCompressorsAreReleased() throws IOException {
    Set<Thread> used = ConcurrentHashMap.newKeySet();
    AtomicInteger made = new AtomicInteger();
    AtomicInteger released = new AtomicInteger();
    BlockPipeline<Block> pipeline = new BlockPipeline<>(3, 6, "test-lifecycle", () -> {
      made.incrementAndGet();
      return new BlockPipeline.Compressor<>() {
        @Override
        public void compress(Block block) {
          used.add(Thread.currentThread());
        }

        @Override
        public void release() {
          released.incrementAndGet();
        }
      };
    }, block -> { });
    for (int i = 0; i < 100; i++) {
      pipeline.submit(new Block(i), 1);
    }
    pipeline.finish();
    assertThat(used).isNotEmpty().allSatisfy(t -> {
      assertThat(t.getName()).startsWith("test-lifecycle-");
      assertThat(t.isDaemon()).isTrue();
      assertThat(t.isAlive()).isFalse();
    });
    assertThat(made.get()).isBetween(1, 3);
    assertThat(released.get()).isEqualTo(made.get());
    assertThatThrownBy(() -> pipeline.submit(new Block(0), 1)).isInstanceOf(IOException.class);
  }

  @Test
  void oneThreadCompressesInlineAndStartsNoThread() throws IOException {
    Thread caller = Thread.currentThread();
    List<Integer> delivered = new ArrayList<>();
    BlockPipeline<Block> pipeline = new BlockPipeline<>(1, 2, "test-inline", () -> block ->
        assertThat(Thread.currentThread()).isSameAs(caller), block -> delivered.add(block.number));
    pipeline.submit(new Block(0), 5);
    assertThat(delivered).containsExactly(0); // delivered at once
    assertThat(pipeline.pendingInputBytes()).isZero();
    pipeline.finish();
    assertThat(pipeline.hasThreads()).isFalse();
  }

  @Test
  void threadsOfAnAbandonedPipelineEndOnTheirOwn() throws Exception {
    Set<Thread> used = ConcurrentHashMap.newKeySet();
    BlockPipeline<Block> pipeline = new BlockPipeline<>(2, 4, "test-abandoned",
        () -> block -> used.add(Thread.currentThread()), block -> { }, Duration.ofMillis(50));
    for (int i = 0; i < 10; i++) {
      pipeline.submit(new Block(i), 1);
    }
    // Dropped without finish(), as after a failure of the caller: the idle threads time out.
    for (Thread thread : used) {
      thread.join(10_000);
      assertThat(thread.isAlive()).isFalse();
    }
    assertThat(used).isNotEmpty();
  }

  /** Submits blocks 0, 1, ... and then finishes, until a call throws; returns what it threw. */
  private static IOException submitUntilItFails(BlockPipeline<Block> pipeline) {
    try {
      for (int i = 0; i < 50; i++) {
        pipeline.submit(new Block(i), 1);
      }
      pipeline.finish();
    } catch (IOException e) {
      return e;
    }
    throw new AssertionError("no call failed");
  }
}
