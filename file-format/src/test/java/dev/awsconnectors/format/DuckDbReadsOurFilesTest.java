package dev.awsconnectors.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.format.FileFormat.Compression;
import dev.awsconnectors.format.FileFormat.Flattening;
import dev.awsconnectors.format.FileFormat.ParquetCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another engine reads what our writers write: DuckDB (its JDBC driver, embedded) counts the records and their ids in
 * gzip JSONL and CSV files compressed on several threads (many blocks, one gzip member) and in a Parquet file.
 */
class DuckDbReadsOurFilesTest {
  private static final int RECORDS = 20_000;
  private static List<OutputRecord> records;
  private static long emittedAtSum;

  @TempDir
  Path dir;

  @BeforeAll
  static void records() {
    records = Samples.many(RECORDS);
    emittedAtSum = records.stream().mapToLong(OutputRecord::emittedAt).sum();
  }

  private Path write(FileFormat format, String name) throws IOException {
    Path file = dir.resolve(name + format.extension());
    try (OutputStream out = Files.newOutputStream(file)) {
      FormatWriter writer = FileFormats.factory(format, Samples.stream(AirbyteColumns.V2), 3).open(out);
      for (OutputRecord record : records) {
        writer.write(record);
      }
      writer.finish();
    }
    return file;
  }

  /** count(*), distinct ids, sum of extraction times: what a reader that lost or mangled rows would get wrong. */
  private static void assertRows(String query) throws SQLException {
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duckdb.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getLong(1)).as("rows").isEqualTo(RECORDS);
      assertThat(rows.getLong(2)).as("distinct ids").isEqualTo(RECORDS);
      assertThat(rows.getLong(3)).as("sum of _airbyte_extracted_at").isEqualTo(emittedAtSum);
    }
  }

  @Test
  void readsGzipJsonlWrittenOnSeveralThreads() throws Exception {
    Path file = write(new FileFormat.Jsonl(Flattening.NONE, Compression.GZIP), "records");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      assertThat(in.transferTo(OutputStream.nullOutputStream())).isGreaterThan(10L * 128 * 1024); // many blocks
    }
    assertRows("SELECT count(*), count(DISTINCT json_extract_string(json, '$._airbyte_raw_id')), "
        + "sum(CAST(json_extract(json, '$._airbyte_extracted_at') AS BIGINT)) FROM read_ndjson_objects('"
        + file + "', compression = 'gzip')");
  }

  @Test
  void readsGzipCsvWrittenOnSeveralThreads() throws Exception {
    Path file = write(new FileFormat.Csv(Flattening.ROOT_LEVEL, Compression.GZIP), "records");
    assertRows("SELECT count(*), count(DISTINCT _airbyte_raw_id), sum(_airbyte_extracted_at) FROM read_csv('"
        + file + "', header = true, compression = 'gzip', all_varchar = false)");
  }

  @Test
  void readsParquet() throws Exception {
    Path file = write(new FileFormat.Parquet(ParquetCodec.ZSTD, 1, 0, 64, 64, true), "records");
    assertRows("SELECT count(*), count(DISTINCT _airbyte_raw_id), sum(epoch_ms(_airbyte_extracted_at)) "
        + "FROM read_parquet('" + file + "')");
  }
}
