package dev.awsconnectors.format.compression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.format.FileFormat.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressingStreamTest {

  /** Fails if closed. */
  static final class Target extends ByteArrayOutputStream {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void finishEndsTheDataWithoutClosingTheTarget(Compression compression) throws IOException {
    Target target = new Target();
    byte[] data = new byte[300_000];
    Random random = new Random(7);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ('a' + random.nextInt(26));
    }
    CompressingStream out = CompressingStream.open(compression, target, 2);
    long maxBuffered = 0;
    for (int off = 0; off < data.length; off += 1000) {
      out.write(data, off, 1000);
      maxBuffered = Math.max(maxBuffered, out.bufferedBytes());
    }
    out.finish();
    out.close();
    assertThat(target.closed).isFalse();
    assertThat(out.bufferedBytes()).isZero();
    byte[] back = compression == Compression.GZIP
        ? new GZIPInputStream(new ByteArrayInputStream(target.toByteArray())).readAllBytes()
        : target.toByteArray();
    assertThat(back).isEqualTo(data);
    assertThat(maxBuffered).isLessThanOrEqualTo(5L * GzipStream.BLOCK_SIZE); // filling + 2 x 2 threads in flight
    if (compression == Compression.GZIP) {
      assertThat(target.size()).isLessThan(data.length);
      assertThat(maxBuffered).isGreaterThan(0);
    }
  }
}
