package dev.awsconnectors.commons.runtime;

import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.ConnectorSpec;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.state.IncomingState;
import dev.awsconnectors.commons.state.StateLedger;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Prints the runner's input throughput on {@code write}: stdin bytes to lines to parsed messages to a destination that
 * stores nothing (each record acknowledged at once through a {@link StateLedger}, states echoed to a discarding
 * stdout), next to a bare loop over the same bytes that only splits lines and parses them with the same codec, in the
 * same JVM and run; then the line splitting alone: the runner's strict {@link Utf8Lines} next to a
 * {@code BufferedReader} (which would turn invalid UTF-8 into U+FFFD). The input mixes ASCII and non-ASCII text, with a STATE every 1,000 records. Both run on this
 * thread; the figures are per second of this thread's CPU time, which a busy machine disturbs far less than wall
 * time (the wall-clock figure of the runner is printed too).
 *
 * <pre>
 * mvn -q -B -pl connector-commons -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/benchmark.classpath
 * java -cp connector-commons/target/test-classes:connector-commons/target/classes:$(cat connector-commons/target/benchmark.classpath) \
 *     dev.awsconnectors.commons.runtime.InputBenchmark [-Dbench.mb=100] [-Dbench.rounds=5]
 * </pre>
 */
public final class InputBenchmark {
  private InputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int megabytes = Integer.getInteger("bench.mb", 100);
    int rounds = Integer.getInteger("bench.rounds", 5);
    byte[] input = input(megabytes * 1_000_000L);
    long lines = 0;
    for (byte b : input) {
      lines += b == '\n' ? 1 : 0;
    }
    Path dir = Files.createTempDirectory("input-bench");
    try {
      Path config = Files.writeString(dir.resolve("config.json"), "{\"region\":\"us-east-1\",\"count\":1}");
      Path catalog = Files.writeString(dir.resolve("catalog.json"), "{\"streams\":[{\"stream\":{\"name\":\"things\","
          + "\"json_schema\":{},\"supported_sync_modes\":[\"full_refresh\"]},\"sync_mode\":\"full_refresh\","
          + "\"destination_sync_mode\":\"append\"}]}");
      String[] write = {"write", "--config", config.toString(), "--catalog", catalog.toString()};
      System.out.printf(Locale.ROOT, "%,d bytes, %,d lines; %d rounds; %d CPUs; load average %s%n", input.length,
          lines, rounds, Runtime.getRuntime().availableProcessors(),
          Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      for (int round = 1; round <= rounds; round++) {
        long t = cpu.getCurrentThreadCpuTime();
        long parsed = bare(input);
        double bare = (cpu.getCurrentThreadCpuTime() - t) / 1e9;
        t = cpu.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        int code = new ConnectorRunner(new NullDestination(), Clock.systemUTC()).run(write,
            new ByteArrayInputStream(input), OutputStream.nullOutputStream());
        double runner = (cpu.getCurrentThreadCpuTime() - t) / 1e9;
        double runnerWall = (System.nanoTime() - wall) / 1e9;
        if (code != 0 || parsed != lines) {
          throw new IllegalStateException("exit code " + code + ", " + parsed + " of " + lines + " lines parsed");
        }
        System.out.printf(Locale.ROOT, "round %d: bare lines+parse %6.1f MB/s %,9.0f lines/s | runner write %6.1f MB/s"
            + " %,9.0f lines/s (%3.0f%% of bare; wall clock %5.1f MB/s)%n", round, input.length / 1e6 / bare,
            lines / bare, input.length / 1e6 / runner, lines / runner, 100 * bare / runner,
            input.length / 1e6 / runnerWall);
      }
      for (int round = 1; round <= rounds; round++) {
        long t = cpu.getCurrentThreadCpuTime();
        long readerLines = readerLines(input);
        double reader = (cpu.getCurrentThreadCpuTime() - t) / 1e9;
        t = cpu.getCurrentThreadCpuTime();
        long strictLines = strictLines(input);
        double strict = (cpu.getCurrentThreadCpuTime() - t) / 1e9;
        if (readerLines != lines || strictLines != lines) {
          throw new IllegalStateException(readerLines + " and " + strictLines + " lines of " + lines);
        }
        System.out.printf(Locale.ROOT, "round %d: lines only: BufferedReader %6.1f MB/s | Utf8Lines %6.1f MB/s%n",
            round, input.length / 1e6 / reader, input.length / 1e6 / strict);
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  private static long bare(byte[] input) throws Exception {
    long count = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input),
        StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = in.readLine()) != null) {
        AirbyteMessage message = ProtocolCodec.parseMessage(line);
        if (message.type() != null) {
          count++;
        }
      }
    }
    return count;
  }

  private static long readerLines(byte[] input) throws Exception {
    long count = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input),
        StandardCharsets.UTF_8), 1 << 16)) {
      while (in.readLine() != null) {
        count++;
      }
    }
    return count;
  }

  private static long strictLines(byte[] input) throws Exception {
    Utf8Lines in = new Utf8Lines(new ByteArrayInputStream(input));
    while (in.next() != null) {
      // counted by the reader
    }
    return in.number();
  }

  private static byte[] input(long size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) size + 4096);
    StringBuilder line = new StringBuilder();
    for (int i = 0; out.size() < size; i++) {
      line.setLength(0);
      line.append("{\"type\":\"RECORD\",\"record\":{\"stream\":\"things\",\"emitted_at\":1718000000000,\"data\":{")
          .append("\"id\":").append(i).append(",\"name\":\"Zoë Ångström ").append(i % 977)
          .append("\",\"amount\":").append(i % 1000).append(".25,\"active\":").append(i % 2 == 0)
          .append(",\"text\":\"Lorem ipsum dolor sit amet, consectetur adipiscing elit — 東京 ").append(i)
          .append(" sed do eiusmod tempor incididunt ut labore\"}}}\n");
      if (i % 1000 == 999) {
        line.append("{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":")
            .append("{\"name\":\"things\"},\"stream_state\":{\"cursor\":").append(i).append("}}}}\n");
      }
      out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /** Stores nothing: every record is acknowledged as it arrives, so states are echoed at once. */
  private static final class NullDestination implements Destination<FakeConnector.Config> {
    private final FakeConnector spec = new FakeConnector();

    @Override
    public ConnectorSpec spec() {
      return spec.spec();
    }

    @Override
    public FakeConnector.Config parseConfig(ConfigReader config) {
      return spec.parseConfig(config);
    }

    @Override
    public AirbyteConnectionStatus check(FakeConnector.Config config) {
      return AirbyteConnectionStatus.succeeded();
    }

    @Override
    public DestinationWriter open(FakeConnector.Config config, ConfiguredAirbyteCatalog catalog,
        MessageOutput output) {
      StateLedger ledger = new StateLedger(output::emitState);
      return new DestinationWriter() {
        @Override
        public void acceptRecord(AirbyteRecordMessage record) {
          ledger.acknowledge(ledger.recordAccepted(record.streamDescriptor()), 1);
        }

        @Override
        public void acceptState(IncomingState state) {
          ledger.stateAccepted(state);
        }

        @Override
        public void finish() {}

        @Override
        public void close() {}
      };
    }
  }
}
