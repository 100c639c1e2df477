package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartOutputStreamTest {
  private static final long MIB = S3Limits.MIB;
  private final MemoryBudget budget = new MemoryBudget(1024 * MIB);
  private final List<PartBuffer> parts = new ArrayList<>();
  private final List<Integer> numbers = new ArrayList<>();
  private final PartOutputStream out = new PartOutputStream(budget, new PartSizing(5 * MIB), (n, p) -> {
    numbers.add(n);
    parts.add(p);
  });

  @Test
  void cutsTheStreamIntoPartsOfExactlyThePartSize() throws IOException {
    byte[] data = new byte[(int) (12 * MIB + 123)];
    new Random(1).nextBytes(data);
    int offset = 0;
    Random sizes = new Random(2);
    while (offset < data.length) {
      int n = Math.min(data.length - offset, sizes.nextInt(300_000));
      out.write(data, offset, n);
      offset += n;
    }
    assertThat(numbers).containsExactly(1, 2);
    assertThat(parts).allSatisfy(p -> assertThat(p.length()).isEqualTo(5 * MIB));
    assertThat(out.bytesWritten()).isEqualTo(data.length);
    assertThat(out.bufferedBytes()).isEqualTo(2 * MIB + 123);
    PartBuffer last = out.takeLastPart();
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (PartBuffer p : parts) {
      try (InputStream in = p.open()) {
        in.transferTo(joined);
      }
    }
    joined.writeBytes(last.toByteArray());
    assertThat(joined.toByteArray()).isEqualTo(data);
  }

  @Test
  void countsSingleBytesToo() {
    for (int i = 0; i < 1000; i++) {
      out.write(i);
    }
    assertThat(out.bytesWritten()).isEqualTo(1000);
    assertThat(out.takeLastPart().toByteArray()).hasSize(1000);
  }

  @Test
  void reservesMemoryAsItGrowsAndReleasesItWithTheBuffer() {
    out.write(new byte[10], 0, 10);
    assertThat(budget.used()).isEqualTo(PartBuffer.FIRST_CHUNK);
    out.write(new byte[200_000], 0, 200_000);
    long reserved = budget.used();
    assertThat(reserved).isGreaterThanOrEqualTo(200_010).isLessThan(2 * 200_010 + PartBuffer.FIRST_CHUNK);
    out.takeLastPart().release();
    assertThat(budget.used()).isZero();
  }

  @Test
  void handsOverEarlyOnlyAPartLargeEnoughToBeNonFinal() {
    out.write(new byte[(int) MIB], 0, (int) MIB);
    assertThat(out.handOverEarly()).isFalse();
    out.write(new byte[(int) (4 * MIB)], 0, (int) (4 * MIB) - 1);
    assertThat(out.handOverEarly()).isFalse();
    out.write(1);
    assertThat(parts).hasSize(1);
    out.write(new byte[(int) (5 * MIB + 1)], 0, (int) (5 * MIB + 1));
    assertThat(parts).hasSize(2);
    assertThat(out.handOverEarly()).isFalse();
  }

  @Test
  void discardingFreesTheBufferAndEndsTheStream() {
    out.write(new byte[100], 0, 100);
    out.discard();
    assertThat(budget.used()).isZero();
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingByALibraryChangesNothing() {
    out.write(7);
    out.close();
    out.write(8);
    assertThat(out.takeLastPart().toByteArray()).containsExactly(7, 8);
  }
}
