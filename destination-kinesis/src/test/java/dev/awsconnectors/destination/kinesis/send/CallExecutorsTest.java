package dev.awsconnectors.destination.kinesis.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CallExecutorsTest {
  @Test
  void poolThreadsAreDaemonsNamedForTheirCalls() throws Exception {
    ExecutorService pool = CallExecutors.pool(2, "kinesis-put-records");
    try {
      Thread thread = pool.submit(Thread::currentThread).get(20, TimeUnit.SECONDS);
      assertThat(thread.getName()).isEqualTo("kinesis-put-records");
      assertThat(thread.isDaemon()).as("never keeps the connector's JVM alive").isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closingInterruptsTheRunningCallsOfItsPoolsAndLeavesOtherExecutorsToTheirOwner() throws Exception {
    ExecutorService requests = CallExecutors.pool(1, "kinesis-put-records");
    ManualExecutor listings = new ManualExecutor();
    CallExecutors calls = new CallExecutors(requests, listings);
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    calls.requests().execute(() -> {
      running.countDown();
      try {
        new CountDownLatch(1).await(); // a call that would never return by itself
        ended.complete(null);
      } catch (InterruptedException e) {
        ended.complete(e);
      }
    });
    running.await();
    calls.listings().execute(() -> {});

    calls.shutdownNow();
    calls.awaitTermination(20);
    assertThat(ended.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    assertThat(requests.isTerminated()).isTrue();
    assertThat(listings.pending()).as("a test's executor keeps its calls").isEqualTo(1);
    listings.runNext();
  }
}
