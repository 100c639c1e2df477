package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteLogMessage;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage.AirbyteStreamStatus;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StdoutChannelTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** Counts the writes that reach the underlying stream and the flushes. */
  private static final class Stdout extends ByteArrayOutputStream {
    int writes;
    int flushes;

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes++;
      super.write(b, off, len);
    }

    @Override
    public void flush() {
      flushes++;
    }

    String text() {
      return toString(StandardCharsets.UTF_8);
    }
  }

  private static String codecLine(StreamDescriptor stream, String data, long emittedAt) {
    return ProtocolCodec.serialize(AirbyteMessage.of(new AirbyteRecordMessage(stream.namespace(), stream.name(),
        ProtocolCodec.readTreeUnchecked(data), emittedAt))) + "\n";
  }

  @Test
  void aRecordOfSerializedDataIsTheLineTheCodecWrites() {
    List<StreamDescriptor> streams = List.of(new StreamDescriptor("orders", null),
        new StreamDescriptor("orders", "shop"), new StreamDescriptor("zoë \"q\" \\ \u0001 ✓ 𝄞", "n/s\t"));
    List<String> data = List.of("{}", "{\"a\":1,\"b\":[1.50,\"é\\n\"],\"c\":{\"d\":null}}", "{\"big\":1E+400}");
    long[] times = {0, 1, 9, 10, 1_767_225_600_000L, Long.MAX_VALUE, -1, -1_767_225_600_000L, Long.MIN_VALUE};
    for (StreamDescriptor stream : streams) {
      RecordLines lines = RecordLines.of(stream);
      for (String d : data) {
        for (long t : times) {
          Stdout out = new Stdout();
          StdoutChannel channel = new StdoutChannel(out, new SecretScrubber(), CLOCK);
          channel.record(lines, ProtocolCodec.serialize(ProtocolCodec.readTreeUnchecked(d))
              .getBytes(StandardCharsets.UTF_8), t);
          channel.flush();
          assertThat(out.text()).isEqualTo(codecLine(stream, d, t));
        }
      }
    }
  }

  @Test
  void recordsLargerThanTheBufferAndManySmallOnesKeepTheirOrderAndReachStdoutInLargeWrites() {
    Stdout out = new Stdout();
    StdoutChannel channel = new StdoutChannel(out, new SecretScrubber(), CLOCK);
    RecordLines lines = RecordLines.of(new StreamDescriptor("s", null));
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      String d = "{\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 7 == 0 ? 70_000 + i : i % 300) + "\"}";
      channel.record(lines, d.getBytes(StandardCharsets.UTF_8), i);
      expected.append(codecLine(lines.stream(), d, i));
    }
    channel.flush();
    assertThat(out.text()).isEqualTo(expected.toString());
    assertThat(out.writes).isLessThan(3_000 / 3);
  }

  @Test
  void recordsWaitInTheBufferWhileEveryOtherMessageIsFlushedAtOnceBehindThem() {
    Stdout out = new Stdout();
    StdoutChannel channel = new StdoutChannel(out, new SecretScrubber(), CLOCK);
    RecordLines lines = RecordLines.of(new StreamDescriptor("s", null));
    channel.record(lines, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 5);
    channel.record(new AirbyteRecordMessage(null, "s", ProtocolCodec.readTreeUnchecked("{\"b\":2}"), 6));
    assertThat(out.size()).isZero();

    channel.state(AirbyteStateMessage.forStream(new StreamDescriptor("s", null),
        ProtocolCodec.readTreeUnchecked("{\"p\":1}"), 2));
    String[] written = out.text().split("\n");
    assertThat(written).hasSize(3);
    assertThat(written[0]).isEqualTo(codecLine(lines.stream(), "{\"a\":1}", 5).strip());
    assertThat(written[1]).isEqualTo(codecLine(lines.stream(), "{\"b\":2}", 6).strip());
    assertThat(ProtocolCodec.readTreeUnchecked(written[2]).path("type").asText()).isEqualTo("STATE");
    assertThat(out.flushes).isEqualTo(1);

    channel.streamStatus(new StreamDescriptor("s", null), AirbyteStreamStatus.COMPLETE);
    assertThat(out.flushes).isEqualTo(2);
    assertThat(out.text().split("\n")).hasSize(4);
  }

  @Test
  void logLinesAreScrubbedButRecordDataIsNot() {
    Stdout out = new Stdout();
    SecretScrubber scrubber = new SecretScrubber();
    scrubber.register(List.of("s3cr3t-value"));
    StdoutChannel channel = new StdoutChannel(out, scrubber, CLOCK);
    channel.record(RecordLines.of(new StreamDescriptor("s", null)),
        "{\"k\":\"s3cr3t-value\"}".getBytes(StandardCharsets.UTF_8), 1);
    channel.log(new AirbyteLogMessage(AirbyteLogMessage.Level.INFO, "key s3cr3t-value"));
    String[] written = out.text().split("\n");
    assertThat(written[0]).contains("s3cr3t-value");
    assertThat(written[1]).doesNotContain("s3cr3t-value").contains("**********");
  }

  @Test
  void linesFromConcurrentThreadsNeverInterleave() throws Exception {
    Stdout out = new Stdout();
    StdoutChannel channel = new StdoutChannel(out, new SecretScrubber(), CLOCK);
    RecordLines lines = RecordLines.of(new StreamDescriptor("s", null));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < 2_000; i++) {
            if (thread == 0 && i % 10 == 0) {
              channel.log(new AirbyteLogMessage(AirbyteLogMessage.Level.INFO, "progress " + i));
            }
            channel.record(lines, ("{\"t\":" + thread + ",\"i\":" + i + ",\"pad\":\"" + "y".repeat(i % 500)
                + "\"}").getBytes(StandardCharsets.UTF_8), i);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    channel.flush();
    int[] next = new int[4];
    int records = 0;
    for (String line : out.text().split("\n")) {
      JsonNode message = ProtocolCodec.readTree(line);
      if (message.path("type").asText().equals("RECORD")) {
        JsonNode data = message.path("record").path("data");
        int thread = data.path("t").asInt();
        assertThat(data.path("i").asInt()).isEqualTo(next[thread]++);
        records++;
      }
    }
    assertThat(records).isEqualTo(8_000);
  }

  @Test
  void decimalsAreWrittenAsLongToStringWritesThem() {
    byte[] into = new byte[32];
    for (long v : new long[] {0, 7, -7, 10, 99, 100, 1_000_000_007L, Long.MAX_VALUE, Long.MIN_VALUE,
        Long.MIN_VALUE + 1, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L}) {
      int end = StdoutChannel.putDecimal(v, into, 3);
      assertThat(new String(into, 3, end - 3, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
    }
  }

  @Test
  void theDefaultOfAnOutputWritesTheSameRecordThroughItsTree() {
    List<AirbyteMessage> seen = new ArrayList<>();
    MessageOutput collecting = new MessageOutput() {
      @Override
      public void emit(AirbyteMessage message) {
        seen.add(message);
      }

      @Override
      public void emitState(com.fasterxml.jackson.databind.node.ObjectNode state) {}

      @Override
      public Clock clock() {
        return CLOCK;
      }
    };
    collecting.record(RecordLines.of(new StreamDescriptor("s", "ns")),
        "{\"a\":1.50,\"b\":12345678901234567890123}".getBytes(StandardCharsets.UTF_8), 42);
    assertThat(seen).hasSize(1);
    assertThat(ProtocolCodec.serialize(seen.get(0)) + "\n")
        .isEqualTo(codecLine(new StreamDescriptor("s", "ns"), "{\"a\":1.50,\"b\":12345678901234567890123}", 42));
  }
}
