package dev.awsconnectors.destination.s3.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.destination.s3.write.MemoryPolicy.Kind;
import dev.awsconnectors.destination.s3.write.MemoryPolicy.Load;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryPolicyTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void doesNothingWithinTheBudget() {
    assertThat(MemoryPolicy.decide(100 * MIB, 40 * MIB, List.of(new Load<>("a", 30 * MIB, 30 * MIB))).kind())
        .isEqualTo(Kind.NONE);
  }

  @Test
  void waitsForUploadsWhenTheyHoldHalfTheBudget() {
    assertThat(MemoryPolicy.decide(100 * MIB, 50 * MIB, List.of(new Load<>("a", 60 * MIB, 0))).kind())
        .isEqualTo(Kind.WAIT_FOR_UPLOADS);
  }

  @Test
  void uploadsTheLargestFilesPartEarlyWhenItCanBeANonFinalPart() {
    MemoryPolicy.Action<String> action = MemoryPolicy.decide(20 * MIB, 0, List.of(
        new Load<>("small", 4 * MIB, 0), new Load<>("large", 7 * MIB, MIB), new Load<>("mid", 6 * MIB, 0),
        new Load<>("other", 4 * MIB, 0)));
    assertThat(action).isEqualTo(new MemoryPolicy.Action<>(Kind.HAND_OVER_PART, "large"));
  }

  @Test
  void finishesTheLargestFileEarlyWhenItsMemoryIsInTheFormatOrTooSmallForAPart() {
    assertThat(MemoryPolicy.decide(20 * MIB, 0, List.of(new Load<>("parquet", 2 * MIB, 15 * MIB),
        new Load<>("b", 4 * MIB, 0))))
        .isEqualTo(new MemoryPolicy.Action<>(Kind.FINISH_FILE, "parquet"));
    assertThat(MemoryPolicy.decide(16 * MIB, 0, List.of(new Load<>("a", 4 * MIB, 0), new Load<>("b", 4 * MIB, 0),
        new Load<>("c", 4 * MIB, 0), new Load<>("d", 4 * MIB + 1, 0)))).isEqualTo(
        new MemoryPolicy.Action<>(Kind.FINISH_FILE, "d"));
  }

  @Test
  void waitsWhenNoOpenFileHoldsMemory() {
    assertThat(MemoryPolicy.decide(10 * MIB, 4 * MIB, List.of(new Load<>("a", 0, 0), new Load<>("b", 0, 0)))
        .kind()).isEqualTo(Kind.NONE);
    assertThat(MemoryPolicy.<String>decide(10, 11, List.of()).kind()).isEqualTo(Kind.WAIT_FOR_UPLOADS);
  }
}
