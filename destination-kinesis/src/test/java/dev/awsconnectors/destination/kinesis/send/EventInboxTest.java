package dev.awsconnectors.destination.kinesis.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventInboxTest {
  @Test
  void pollAndTakeGiveQueuedEventsInOrderWithoutWaiting() throws Exception {
    EventInbox<String> inbox = new EventInbox<>(Thread.currentThread());
    inbox.post("a");
    inbox.post("b");
    assertThat(inbox.poll()).isEqualTo("a");
    assertThat(inbox.take(0)).isEqualTo("b");
    assertThat(inbox.poll()).isNull();
    assertThat(inbox.take(0)).as("no wait asked, none queued").isNull();
  }

  @Test
  @Timeout(60)
  void aConsumerWaitingWithoutDeadlineSeesEveryEventPostedByOtherThreads() throws Exception {
    List<Integer> seen = new ArrayList<>();
    CompletableFuture<EventInbox<Integer>> made = new CompletableFuture<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread consumer = new Thread(() -> {
      try {
        EventInbox<Integer> inbox = made.get();
        while (seen.size() < 2_000) {
          Integer e = inbox.take(Long.MAX_VALUE);
          if (e != null) {
            seen.add(e);
          }
        }
        done.complete(null);
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
    });
    EventInbox<Integer> inbox = new EventInbox<>(consumer);
    made.complete(inbox);
    consumer.start();
    Thread[] posters = new Thread[2];
    for (int p = 0; p < posters.length; p++) {
      int base = p * 1_000;
      posters[p] = new Thread(() -> {
        for (int i = 0; i < 1_000; i++) {
          inbox.post(base + i);
          if (i % 100 == 0) {
            Thread.yield(); // let the consumer drain and park between bursts
          }
        }
      });
      posters[p].start();
    }
    done.get(50, TimeUnit.SECONDS); // a lost wake-up would leave the consumer parked for ever
    assertThat(seen).hasSize(2_000).doesNotHaveDuplicates();
    assertThat(seen.stream().filter(i -> i < 1_000).toList()).isSorted();
    assertThat(seen.stream().filter(i -> i >= 1_000).toList()).isSorted();
  }

  @Test
  @Timeout(60)
  void interruptingAWaitingConsumerEndsItsTake() throws Exception {
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    CompletableFuture<EventInbox<String>> made = new CompletableFuture<>();
    Thread consumer = new Thread(() -> {
      try {
        made.get().take(Long.MAX_VALUE);
        ended.complete(null);
      } catch (Throwable t) {
        ended.complete(t);
      }
    });
    made.complete(new EventInbox<>(consumer));
    consumer.start();
    consumer.interrupt();
    assertThat(ended.get(50, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
  }

  @Test
  void anInterruptedConsumerIsToldAtOnce() {
    EventInbox<String> inbox = new EventInbox<>(Thread.currentThread());
    inbox.post("queued");
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> inbox.take(1)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).as("the interrupt was consumed by take").isFalse();
  }
}
