package dev.awsconnectors.destination.s3.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The benchmark's input: RECORD lines of a typical table (integers, strings, a decimal, a boolean, a timestamp, an
 * array, a nested object and a longer text), about 650 bytes each, generated deterministically and streamed to a
 * file, never held in memory.
 */
public final class BenchmarkData {
  static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},"
      + "\"score\":{\"type\":\"number\"},\"active\":{\"type\":\"boolean\"},"
      + "\"created_at\":{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_with_timezone\"},"
      + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
      + "\"address\":{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"},"
      + "\"city\":{\"type\":\"string\"},\"zip\":{\"type\":\"string\"}}},"
      + "\"description\":{\"type\":\"string\"}}}";
  private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
      "india", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
      "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "ünïcødé", "日本"};

  private BenchmarkData() {}

  /** Writes an input file: {@code <file> <megabytes> <streams>}. */
  public static void main(String[] args) throws IOException {
    long records = write(Path.of(args[0]), Long.parseLong(args[1]) * 1_000_000, Integer.parseInt(args[2]));
    System.out.println(records + " records written to " + args[0]);
  }

  /** Writes about {@code targetBytes} of RECORD lines, round-robin over {@code streams} streams; returns the count. */
  static long write(Path file, long targetBytes, int streams) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    long written = 0;
    long records = 0;
    long start = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
      StringBuilder line = new StringBuilder(1024);
      while (written < targetBytes) {
        line.setLength(0);
        String stream = streams == 1 ? "bench" : "bench_" + (records % streams);
        line.append("{\"type\":\"RECORD\",\"record\":{\"namespace\":\"ns\",\"stream\":\"").append(stream)
            .append("\",\"emitted_at\":1700000000000,\"data\":{\"id\":").append(records)
            .append(",\"name\":\"").append(word(random)).append(' ').append(word(random))
            .append("\",\"email\":\"").append(word(random)).append('.').append(records).append("@example.com\"")
            .append(",\"score\":").append(random.nextInt(100_000)).append('.').append(random.nextInt(100))
            .append(",\"active\":").append(random.nextBoolean())
            .append(",\"created_at\":\"").append(Instant.ofEpochSecond(start + random.nextInt(31_536_000)))
            .append("\",\"tags\":[\"").append(word(random)).append("\",\"").append(word(random)).append("\",\"")
            .append(word(random)).append("\"],\"address\":{\"street\":\"").append(random.nextInt(999)).append(' ')
            .append(word(random)).append(" street\",\"city\":\"").append(word(random)).append("\",\"zip\":\"")
            .append(String.format("%05d", random.nextInt(100_000))).append("\"},\"description\":\"");
        for (int w = 0; w < 50; w++) {
          line.append(word(random)).append(w % 10 == 9 ? ". " : " ");
        }
        line.append("\"}}}\n");
        out.append(line);
        written += line.toString().getBytes(StandardCharsets.UTF_8).length;
        records++;
      }
    }
    return records;
  }

  private static String word(SplittableRandom random) {
    return WORDS[random.nextInt(WORDS.length)];
  }
}
