package dev.awsconnectors.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.format.FileFormat.AvroCodec;
import dev.awsconnectors.format.FileFormat.Compression;
import dev.awsconnectors.format.FileFormat.Flattening;
import dev.awsconnectors.format.FileFormat.ParquetCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WriterLifecycleTest {

  /** Records every byte, fails any write after close, and remembers whether it was closed. */
  static final class GuardedStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean closed;
    int flushes;

    @Override
    public void write(int b) throws IOException {
      check();
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      check();
      bytes.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      check();
      flushes++;
    }

    @Override
    public void close() {
      closed = true;
    }

    private void check() throws IOException {
      if (closed) {
        throw new IOException("closed");
      }
    }
  }

  static Stream<FileFormat> formats() {
    return Stream.of(
        new FileFormat.Jsonl(Flattening.NONE, Compression.NONE),
        new FileFormat.Jsonl(Flattening.ROOT_LEVEL, Compression.GZIP),
        new FileFormat.Csv(Flattening.NONE, Compression.GZIP),
        new FileFormat.Csv(Flattening.ROOT_LEVEL, Compression.NONE),
        new FileFormat.Avro(AvroCodec.NULL, 0, false),
        new FileFormat.Avro(AvroCodec.XZ, 9, false),
        new FileFormat.Avro(AvroCodec.ZSTANDARD, 22, true),
        new FileFormat.Parquet(ParquetCodec.ZSTD, 1, 8, 64, 64, true),
        new FileFormat.Parquet(ParquetCodec.UNCOMPRESSED, 1, 0, 1024, 1024, false));
  }


  private static int count(FileFormat format, byte[] bytes) throws IOException {
    if (format instanceof FileFormat.Avro) {
      return Readers.avro(bytes).size();
    }
    if (format instanceof FileFormat.Parquet) {
      return Readers.parquet(bytes).size();
    }
    Compression compression = format instanceof FileFormat.Csv c ? c.compression()
        : ((FileFormat.Jsonl) format).compression();
    byte[] text = compression == Compression.GZIP
        ? new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes() : bytes;
    if (format instanceof FileFormat.Jsonl) {
      return (int) new String(text, StandardCharsets.UTF_8).lines().count();
    }
    try (var parser = org.apache.commons.csv.CSVParser.parse(new String(text, StandardCharsets.UTF_8),
        org.apache.commons.csv.CSVFormat.DEFAULT)) {
      return parser.getRecords().size() - 1;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void finishCompletesTheFileWithoutClosingTheStream(FileFormat format) throws IOException {
    GuardedStream out = new GuardedStream();
    FormatWriter writer = FileFormats.factory(format, Samples.stream(AirbyteColumns.V2)).open(out);
    // The slowest codecs at their highest levels get fewer records (still dozens of blocks).
    boolean slow = format instanceof FileFormat.Avro avro && avro.codec() != AvroCodec.NULL;
    List<OutputRecord> records = Samples.many(slow ? 3_000 : 20_000);
    long maxBuffered = 0;
    long writtenBeforeFinish;
    for (OutputRecord record : records) {
      writer.write(record);
      maxBuffered = Math.max(maxBuffered, writer.bufferedBytes());
    }
    writtenBeforeFinish = out.bytes.size();
    writer.finish();
    assertThat(out.closed).isFalse();
    assertThat(writer.bufferedBytes()).isZero();
    assertThat(count(format, out.bytes.toByteArray())).isEqualTo(records.size());
    // Streams: most of the file reached the target before finish(), and what was held stayed bounded.
    assertThat(writtenBeforeFinish).isGreaterThan(out.bytes.size() / 3);
    assertThat(maxBuffered).isGreaterThan(0).isLessThan(3L * 1024 * 1024);
    out.write('x'); // still open
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void aFileWithoutRecordsIsValid(FileFormat format) throws IOException {
    GuardedStream out = new GuardedStream();
    FormatWriter writer = FileFormats.factory(format, Samples.stream(AirbyteColumns.V1)).open(out);
    writer.finish();
    assertThat(out.closed).isFalse();
    assertThat(count(format, out.bytes.toByteArray())).isZero();
  }

  @Test
  void parquetWritesSeveralRowGroupsWhenTheBlockSizeIsSmall() {
    byte[] bytes = Samples.write(new FileFormat.Parquet(ParquetCodec.SNAPPY, 1, 0, 64, 64, true),
        Samples.stream(AirbyteColumns.V1), Samples.many(30_000));
    assertThat(Readers.parquetFooter(bytes).getBlocks()).hasSizeGreaterThan(1);
    assertThat(Readers.parquet(bytes)).hasSize(30_000);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typedFormats")
  void countsCoercedValuesAndListsTheNulledOnesInTheMeta(FileFormat format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FormatWriter writer = FileFormats.factory(format, Samples.stream(AirbyteColumns.V2)).open(out);
    // id (integer) and price (number) do not fit: nulled; name (string) gets 5 as the text "5": converted.
    writer.write(new OutputRecord(UUID.randomUUID(), 1, ProtocolCodec.readTreeUnchecked(
        "{\"id\":\"x\",\"price\":\"y\",\"name\":5}"), null));
    writer.write(new OutputRecord(UUID.randomUUID(), 2, ProtocolCodec.readTreeUnchecked("{\"id\":7}"), null));
    writer.finish();
    assertThat(writer.coercedValues()).isEqualTo(3);
    List<org.apache.avro.generic.GenericRecord> rows = format instanceof FileFormat.Avro
        ? Readers.avro(out.toByteArray()) : Readers.parquet(out.toByteArray());
    List<String> changes = new ArrayList<>();
    for (Object change : (List<?>) ((org.apache.avro.generic.GenericRecord) rows.get(0).get("_airbyte_meta"))
        .get("changes")) {
      var c = (org.apache.avro.generic.GenericRecord) change;
      changes.add(c.get("field") + " " + c.get("change") + " " + c.get("reason"));
    }
    assertThat(changes).containsExactly("id NULLED DESTINATION_TYPECAST_ERROR",
        "price NULLED DESTINATION_TYPECAST_ERROR");
    assertThat((List<?>) ((org.apache.avro.generic.GenericRecord) rows.get(1).get("_airbyte_meta")).get("changes"))
        .isEmpty();
  }

  static Stream<FileFormat> typedFormats() {
    return Stream.of(new FileFormat.Avro(AvroCodec.SNAPPY, 0, false),
        new FileFormat.Parquet(ParquetCodec.SNAPPY, 1, 0, 64, 64, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("textFormats")
  void textFormatsKeepEveryValueAsItCameAndCoerceNothing(FileFormat format) throws IOException {
    FormatWriter writer = FileFormats.factory(format, Samples.stream(AirbyteColumns.V2))
        .open(new ByteArrayOutputStream());
    writer.write(new OutputRecord(UUID.randomUUID(), 1, ProtocolCodec.readTreeUnchecked(
        "{\"id\":\"x\",\"price\":\"y\",\"name\":5}"), null));
    writer.finish();
    assertThat(writer.coercedValues()).isZero();
  }

  static Stream<FileFormat> textFormats() {
    return Stream.of(new FileFormat.Jsonl(Flattening.ROOT_LEVEL, Compression.GZIP),
        new FileFormat.Csv(Flattening.ROOT_LEVEL, Compression.NONE));
  }

  @Test
  void outOfRangeOptionsAreConfigErrors() {
    StreamSchema stream = Samples.stream(AirbyteColumns.V1);
    assertThatThrownBy(() -> FileFormats.factory(new FileFormat.Avro(AvroCodec.DEFLATE, 10, false), stream))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("deflate");
    assertThatThrownBy(() -> FileFormats.factory(new FileFormat.Avro(AvroCodec.ZSTANDARD, -6, false), stream))
        .isInstanceOf(ConfigErrorException.class);
    assertThatThrownBy(() -> FileFormats.factory(new FileFormat.Avro(AvroCodec.XZ, 10, false), stream))
        .isInstanceOf(ConfigErrorException.class);
    assertThatThrownBy(() -> FileFormats.factory(new FileFormat.Parquet(ParquetCodec.ZSTD, 0, 8, 1024, 1024, true),
        stream)).isInstanceOf(ConfigErrorException.class).hasMessageContaining("block_size_mb");
  }

  @Test
  void extensions() {
    StreamSchema stream = Samples.stream(AirbyteColumns.V1);
    assertThat(FileFormats.factory(new FileFormat.Csv(Flattening.NONE, Compression.GZIP), stream).extension())
        .isEqualTo(".csv.gz");
    assertThat(FileFormats.factory(new FileFormat.Jsonl(Flattening.NONE, Compression.NONE), stream).extension())
        .isEqualTo(".jsonl");
    assertThat(FileFormats.factory(new FileFormat.Avro(AvroCodec.BZIP2, 0, false), stream).extension())
        .isEqualTo(".avro");
    assertThat(FileFormats.factory(new FileFormat.Parquet(ParquetCodec.GZIP, 128, 8, 1024, 1024, true), stream)
        .extension()).isEqualTo(".parquet");
  }
}
