package dev.awsconnectors.destination.kinesis.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.kinesis.record.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordRunsTest {
  private final List<String> runs = new ArrayList<>();
  private final RecordRuns collector = new RecordRuns((stream, members) -> runs.add(stream + ":" + members.stream()
      .map(m -> new String(m.record().data(), StandardCharsets.UTF_8)).reduce((a, b) -> a + "," + b).orElse("")));

  private void add(String stream, int id) {
    collector.add(stream, new Member(new UserRecord("k", null, String.valueOf(id).getBytes(StandardCharsets.UTF_8)),
        null, 10));
  }

  @Test
  void recordsWaitUntilARunIsHandedOverThenCrossInOrder() {
    add("a", 1);
    add("a", 2);
    assertThat(runs).isEmpty();
    assertThat(collector.held()).isEqualTo(2);

    collector.handOver();
    collector.handOver(); // nothing held: nothing handed over
    assertThat(runs).containsExactly("a:1,2");
    assertThat(collector.held()).isZero();
  }

  @Test
  void aRunEndsAtItsSizeAndWhereTheStreamChanges() {
    for (int i = 0; i < RecordRuns.RUN + 1; i++) {
      add("a", i);
    }
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0)).startsWith("a:0,1,").endsWith("," + (RecordRuns.RUN - 1));

    add("b", 100);
    add("a", 101);
    collector.handOver();
    assertThat(runs).containsExactly(runs.get(0), "a:" + RecordRuns.RUN, "b:100", "a:101");
  }
}
