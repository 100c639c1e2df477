package dev.awsconnectors.format.bench;

import dev.awsconnectors.format.AirbyteColumns;
import dev.awsconnectors.format.FileFormat;
import dev.awsconnectors.format.FileFormat.AvroCodec;
import dev.awsconnectors.format.FileFormat.Compression;
import dev.awsconnectors.format.FileFormat.Flattening;
import dev.awsconnectors.format.FileFormat.ParquetCodec;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one file per format and codec of the test samples and of the benchmark orders into a directory, to check
 * them with other readers (pyarrow, DuckDB, avro-tools):
 *
 * <pre>
 * ./run-benchmark.sh sample-files /tmp/sample-files
 * </pre>
 */
public final class SampleFiles {
  private SampleFiles() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/sample-files");
    Files.createDirectories(dir);
    List<OutputRecord> samples = Samples.records();
    for (ParquetCodec codec : ParquetCodec.values()) {
      write(dir, "samples-" + codec, new FileFormat.Parquet(codec, 128, 8, 1024, 1024, true), samples);
    }
    write(dir, "samples-zstandard", new FileFormat.Avro(AvroCodec.ZSTANDARD, 22, true), samples);
    write(dir, "samples-xz", new FileFormat.Avro(AvroCodec.XZ, 9, false), samples);
    write(dir, "samples-snappy", new FileFormat.Avro(AvroCodec.SNAPPY, 0, false), samples);
    write(dir, "samples", new FileFormat.Jsonl(Flattening.NONE, Compression.GZIP), samples);
    write(dir, "samples-flat", new FileFormat.Csv(Flattening.ROOT_LEVEL, Compression.NONE), samples);
    write(dir, "samples", new FileFormat.Csv(Flattening.NONE, Compression.NONE), samples);
    System.out.println("wrote " + dir.toAbsolutePath());
  }

  private static void write(Path dir, String name, FileFormat format, List<OutputRecord> records)
      throws IOException {
    byte[] bytes = Samples.write(format, Samples.stream(AirbyteColumns.V2), records);
    Files.write(dir.resolve(name + format.extension()), bytes);
  }
}
