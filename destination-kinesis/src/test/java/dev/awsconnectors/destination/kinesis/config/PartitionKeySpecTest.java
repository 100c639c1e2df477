package dev.awsconnectors.destination.kinesis.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.destination.kinesis.envelope.FieldPath;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionKeySpecTest {

  @Test
  void onlyRandomKeysNeverRepeat() {
    assertThat(new PartitionKeySpec.Random().keysNeverRepeat()).isTrue();
    assertThat(new PartitionKeySpec.Fields(List.of(FieldPath.parse("id"))).keysNeverRepeat()).isFalse();
    assertThat(new PartitionKeySpec.SourceStream().keysNeverRepeat()).isFalse();
    assertThat(new PartitionKeySpec.Constant("k").keysNeverRepeat()).isFalse();
  }
}
