package dev.awsconnectors.format.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipStreamTest {
  private static final int BLOCK = GzipStream.BLOCK_SIZE;

  @TempDir
  Path dir;

  /**
   * {@code bytes} bytes of JSON-like lines: repeated field names and varying values, so that blocks refer back into
   * earlier ones.
   */
  static byte[] records(int bytes, long seed) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder(bytes + 200);
    while (out.length() < bytes) {
      out.append("{\"id\":").append(random.nextInt(1_000_000)).append(",\"name\":\"customer ")
          .append(Long.toString(random.nextLong(), 36)).append("\",\"city\":\"")
          .append(random.nextBoolean() ? "Zürich" : "Lyon").append("\",\"total\":").append(random.nextInt(10_000))
          .append(".").append(random.nextInt(100)).append("}\n");
    }
    return Arrays.copyOf(out.toString().getBytes(StandardCharsets.UTF_8), bytes);
  }

  /** Compares without printing megabytes when they differ. */
  static void assertSameBytes(byte[] actual, byte[] expected) {
    assertThat(actual.length).as("length").isEqualTo(expected.length);
    assertThat(Arrays.mismatch(actual, expected)).as("first differing byte").isEqualTo(-1);
  }

  static byte[] gzip(byte[] data, int threads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipStream gzip = new GzipStream(out, threads)) {
      for (int off = 0; off < data.length; off += 8000) { // as Jackson's and our CSV writer's buffers do
        gzip.write(data, off, Math.min(8000, data.length - off));
      }
    }
    return out.toByteArray();
  }

  /** A stream whose {@code available()} is 0, as a network stream between packets. */
  private static final class NetworkLike extends FilterInputStream {
    NetworkLike(InputStream in) {
      super(in);
    }

    @Override
    public int available() {
      return 0;
    }
  }

  @ParameterizedTest(name = "{0} threads")
  @ValueSource(ints = {1, 2, 4})
  void writesOneGzipMemberThatEveryReaderReadsWhole(int threads) throws IOException, DataFormatException {
    byte[] data = records(10 * BLOCK + 12_345, threads);
    byte[] gz = gzip(data, threads);

    // The JDK before 23 stops after the first member when available() is 0 (JDK-7036144): one member, all read.
    assertSameBytes(new GZIPInputStream(new NetworkLike(new ByteArrayInputStream(gz))).readAllBytes(), data);
    try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(gz), false)) {
      assertSameBytes(in.readAllBytes(), data);
    }
    // One member: after the 10-byte header a single deflate stream ends right before the 8-byte trailer.
    Inflater inflater = new Inflater(true);
    inflater.setInput(gz, 10, gz.length - 10);
    byte[] buffer = new byte[64 * 1024];
    long inflated = 0;
    while (!inflater.finished()) {
      inflated += inflater.inflate(buffer);
    }
    assertThat(inflated).isEqualTo(data.length);
    assertThat(inflater.getRemaining()).isEqualTo(8);
    inflater.end();
  }

  @Test
  void theGzipCommandAcceptsIt() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/gzip")) || Files.isExecutable(Path.of("/bin/gzip")),
        "no gzip command on this machine");
    byte[] data = records(5 * BLOCK + 7, 11);
    Path file = dir.resolve("records.jsonl.gz");
    Files.write(file, gzip(data, 3));
    assertThat(run("gzip", "-t", file.toString())).isEqualTo(0);
    Path copy = dir.resolve("copy.jsonl");
    assertThat(new ProcessBuilder("gzip", "-dc", file.toString()).redirectOutput(copy.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor()).isEqualTo(0);
    assertSameBytes(Files.readAllBytes(copy), data);
  }

  private static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).isEmpty();
    return process.exitValue();
  }

  @Test
  void theBytesAreTheSameWhateverTheNumberOfThreads() throws IOException {
    byte[] data = records(16 * BLOCK + 99, 5);
    byte[] inline = gzip(data, 1);
    for (int threads : new int[] {2, 3, 8, 2}) {
      assertSameBytes(gzip(data, threads), inline);
    }
  }

  @Test
  void compressesAsWellAsOneContinuousStream() throws IOException {
    byte[] data = records(40 * BLOCK, 9);
    ByteArrayOutputStream continuous = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(continuous)) {
      gzip.write(data);
    }
    // Each block is primed with the 32 KiB before it, so only the sync flushes (5 bytes a block) are extra.
    assertThat((double) gzip(data, 2).length).isLessThan(continuous.size() * 1.005);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, DeflateBlock.WINDOW - 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK, 3 * BLOCK + 5})
  void everyLengthRoundTrips(int length) throws IOException {
    byte[] data = records(length, length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GzipStream gzip = new GzipStream(out, 2);
    int off = 0;
    for (; off < Math.min(data.length, 100); off++) {
      gzip.write(data[off]); // single bytes too
    }
    gzip.write(data, off, data.length - off);
    gzip.finish();
    assertSameBytes(new GZIPInputStream(new ByteArrayInputStream(out.toByteArray())).readAllBytes(), data);
  }

  @Test
  void dataThatDoesNotCompressRoundTrips() throws IOException {
    byte[] data = new byte[6 * BLOCK + 3];
    new Random(3).nextBytes(data);
    byte[] gz = gzip(data, 2);
    assertSameBytes(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), data);
    assertSameBytes(gz, gzip(data, 1));
  }

  @Test
  void holdsAtMostTheBlockBeingFilledAndTheBlocksInFlight() throws IOException {
    byte[] data = records(30 * BLOCK, 2);
    int threads = 2;
    GzipStream gzip = new GzipStream(new ByteArrayOutputStream(), threads);
    long max = 0;
    for (int off = 0; off < data.length; off += 8000) {
      gzip.write(data, off, Math.min(8000, data.length - off));
      max = Math.max(max, gzip.bufferedBytes());
    }
    gzip.finish();
    assertThat(max).isGreaterThanOrEqualTo(BLOCK - 8000).isLessThanOrEqualTo((2L * threads + 1) * BLOCK);
    assertThat(gzip.bufferedBytes()).isZero();
  }

  @Test
  void aFailedBlockIsTheStreamsFailure() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GzipStream gzip = new GzipStream(out, 2, BLOCK, () -> block -> {
      throw new IllegalStateException("zlib is broken");
    });
    byte[] data = records(8 * BLOCK, 4);
    assertThatThrownBy(() -> {
      gzip.write(data);
      gzip.finish();
    }).isInstanceOf(IOException.class).hasMessageContaining("zlib is broken");
    assertThatThrownBy(() -> gzip.write(data)).isInstanceOf(IOException.class).hasMessageContaining("failed earlier");
  }

  @Test
  void aFailingTargetIsTheStreamsFailure() throws IOException {
    GzipStream gzip = new GzipStream(new FailingAfterHeader(), 2);
    byte[] data = records(8 * BLOCK, 4);
    assertThatThrownBy(() -> {
      gzip.write(data);
      gzip.finish();
    }).isInstanceOf(IOException.class).hasMessage("the upload failed");
  }

  /** Accepts the gzip header, then fails as an upload would. */
  private static final class FailingAfterHeader extends OutputStream {
    private int written;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (written >= 10) {
        throw new IOException("the upload failed");
      }
      written += len;
    }
  }
}
