package dev.awsconnectors.destination.kinesis.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.kinesis.record.KinesisLimits;
import java.util.ArrayDeque;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PutRecordsBatcherTest {
  private static final int MIB = 1024 * 1024;
  private final PutRecordsBatcher<Integer> batcher = new PutRecordsBatcher<>(KinesisLimits.PUT_RECORDS_MAX_ENTRIES,
      KinesisLimits.PUT_RECORDS_MAX_BYTES, size -> size);

  private static ArrayDeque<Integer> queue(int count, int size) {
    ArrayDeque<Integer> q = new ArrayDeque<>();
    IntStream.range(0, count).forEach(i -> q.add(size));
    return q;
  }

  @Test
  void cutsAtFiveHundredEntries() {
    ArrayDeque<Integer> q = queue(1201, 10);
    assertThat(batcher.take(q)).hasSize(500);
    assertThat(batcher.take(q)).hasSize(500);
    assertThat(batcher.take(q)).hasSize(201);
    assertThat(q).isEmpty();
  }

  @Test
  void cutsAtFiveMebibytesCountingEveryEntry() {
    ArrayDeque<Integer> q = queue(12, MIB - 100);
    List<Integer> first = batcher.take(q);
    assertThat(first).hasSize(5);
    assertThat(first.stream().mapToLong(Integer::longValue).sum()).isLessThanOrEqualTo(5L * MIB);
    assertThat(batcher.take(q)).hasSize(5);
    assertThat(batcher.take(q)).hasSize(2);
  }

  @Test
  void exactlyFiveMebibytesFitsOneRequest() {
    ArrayDeque<Integer> q = queue(5, MIB);
    q.add(1);
    assertThat(batcher.take(q)).hasSize(5);
    assertThat(batcher.take(q)).containsExactly(1);
  }

  @Test
  void anEntryLargerThanTheRequestLimitTravelsAlone() {
    PutRecordsBatcher<Integer> small = new PutRecordsBatcher<>(500, 100, size -> size);
    ArrayDeque<Integer> q = new ArrayDeque<>(List.of(10, 150, 10));
    assertThat(small.take(q)).containsExactly(10);
    assertThat(small.take(q)).containsExactly(150);
    assertThat(small.take(q)).containsExactly(10);
  }

  @Test
  void keepsQueueOrderAndLeavesTheRest() {
    ArrayDeque<Integer> q = new ArrayDeque<>(List.of(1, 2, 3, 4));
    PutRecordsBatcher<Integer> two = new PutRecordsBatcher<>(2, 1000, size -> size);
    assertThat(two.take(q)).containsExactly(1, 2);
    assertThat(q).containsExactly(3, 4);
    assertThat(two.take(new ArrayDeque<>())).isEmpty();
  }

  @Test
  void respectsAConfiguredSmallerEntryCount() {
    PutRecordsBatcher<Integer> hundred = new PutRecordsBatcher<>(100, KinesisLimits.PUT_RECORDS_MAX_BYTES, s -> s);
    assertThat(hundred.take(queue(250, 1))).hasSize(100);
  }

  @Test
  void fillsRequestByCountOrBytes() {
    assertThat(batcher.fillsRequest(499, 5L * MIB - 1)).isFalse();
    assertThat(batcher.fillsRequest(500, 1)).isTrue();
    assertThat(batcher.fillsRequest(1, 5L * MIB)).isTrue();
  }

  @Test
  void rejectsNonPositiveLimits() {
    assertThatThrownBy(() -> new PutRecordsBatcher<Integer>(0, 1, s -> s)).isInstanceOf(IllegalArgumentException.class);
  }
}
