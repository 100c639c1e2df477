package dev.awsconnectors.destination.s3.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordRunTest {

  @Test
  void encodesTheFirstRecordOfAStreamAtOnceToLearnItsSize() {
    RecordRun<String> run = new RecordRun<>(64, 1 << 20);
    assertThat(run.add("a")).isTrue();
    assertThat(run.take()).containsExactly("a");
    assertThat(run.isEmpty()).isTrue();
  }

  @Test
  void waitsForAFullRunOfSmallRecords() {
    RecordRun<Integer> run = new RecordRun<>(4, 1 << 20);
    run.add(0);
    run.take();
    run.encoded(1, 200);
    assertThat(run.add(1)).isFalse();
    assertThat(run.add(2)).isFalse();
    assertThat(run.add(3)).isFalse();
    assertThat(run.heldBytes()).isEqualTo(3 * 200 * RecordRun.PARSED_TO_ENCODED);
    assertThat(run.add(4)).isTrue();
    assertThat(run.take()).containsExactly(1, 2, 3, 4);
    assertThat(run.heldBytes()).isZero();
  }

  @Test
  void encodesLargeRecordsAsTheyCome() {
    RecordRun<Integer> run = new RecordRun<>(64, 1 << 20);
    run.add(0);
    run.take();
    run.encoded(1, 200_000);
    assertThat(run.add(1)).as("one record of about 1.6 MB in memory").isTrue();
  }

  @Test
  void followsTheStreamsRecentRecordSizes() {
    RecordRun<Integer> run = new RecordRun<>(64, 50_000);
    run.encoded(1, 100);
    for (int i = 0; i < 40; i++) {
      run.encoded(10, 100_000);
    }
    assertThat(run.add(1)).as("records grew to 10 kB: a run of one").isTrue();
    run.take();
    for (int i = 0; i < 40; i++) {
      run.encoded(10, 1_000);
    }
    assertThat(run.add(2)).as("and shrank again").isFalse();
    long held = run.heldBytes();
    run.encoded(0, 0);
    assertThat(run.heldBytes()).as("nothing encoded, nothing learnt").isEqualTo(held);
  }

  @Test
  void aRunOfOneEncodesEveryRecordAsItComes() {
    RecordRun<Integer> run = new RecordRun<>(1, 1 << 20);
    run.encoded(1, 10);
    assertThat(run.add(1)).isTrue();
    assertThatThrownBy(() -> new RecordRun<>(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
