package dev.awsconnectors.format;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.format.avro.AvroFormatWriter;
import dev.awsconnectors.format.compression.CompressingStream;
import dev.awsconnectors.format.parquet.ParquetFormatWriter;
import dev.awsconnectors.format.schema.AvroRecordMapper;
import dev.awsconnectors.format.schema.JsonSchemaTypes;
import dev.awsconnectors.format.schema.ValueType;
import dev.awsconnectors.format.text.CsvFormatWriter;
import dev.awsconnectors.format.text.JsonlFormatWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;

/**
 * The entry point of this module: a {@link FormatWriterFactory} for one stream and one format. The stream's schema is
 * converted here, once; a schema or an option that cannot be used fails here, with a message naming the stream,
 * never in the middle of a file. The factory is thread-safe; each writer it opens is used by one thread at a time.
 *
 * <p>Compression threads: a gzip CSV or JSONL file and a compressed Avro file are compressed in blocks on up to
 * {@code compressionThreads} threads of the writer's own (see {@link FormatWriter} for their lifecycle); the bytes
 * of a file are the same whatever the number. Parquet compresses each page on the writing thread: parquet-mr needs a
 * page's compressed size before it goes on, and its codecs are a small part of its cost.
 */
public final class FileFormats {
  /** Compression threads per file by default: one per processor, at most 4 (then the writing thread is the limit). */
  public static final int DEFAULT_COMPRESSION_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

  private FileFormats() {}

  /** The factory of {@code schema}'s files in {@code format}, with {@link #DEFAULT_COMPRESSION_THREADS}. */
  public static FormatWriterFactory factory(FileFormat format, StreamSchema schema) {
    return factory(format, schema, DEFAULT_COMPRESSION_THREADS);
  }

  /**
   * The factory of {@code schema}'s files in {@code format}.
   *
   * @param compressionThreads threads that compress the blocks of each file; 1 compresses on the writing thread
   * @throws ConfigErrorException if an option is out of range
   * @throws SystemErrorException if the schema cannot be converted (a bug: every JSON schema has a mapping)
   */
  public static FormatWriterFactory factory(FileFormat format, StreamSchema schema, int compressionThreads) {
    validate(format, schema);
    int threads = Math.max(1, compressionThreads);
    if (format instanceof FileFormat.Jsonl jsonl) {
      return new Factory(format.extension(), jsonl.flattening() == FileFormat.Flattening.NONE,
          out -> new JsonlFormatWriter(CompressingStream.open(jsonl.compression(), out, threads), schema,
              jsonl.flattening()));
    }
    if (format instanceof FileFormat.Csv csv) {
      List<String> properties = JsonSchemaTypes.recordOf(schema.jsonSchema()).fields().stream()
          .map(ValueType.Field::name).toList();
      return new Factory(format.extension(), csv.flattening() == FileFormat.Flattening.NONE,
          out -> new CsvFormatWriter(CompressingStream.open(csv.compression(), out, threads), schema,
              csv.flattening(), properties));
    }
    // The mapper is built once here (so a bad schema fails now) and again per writer: it is not thread-safe.
    Schema avroSchema = AvroRecordMapper.create(schema).schema();
    if (format instanceof FileFormat.Avro avro) {
      return new Factory(format.extension(), false,
          out -> new AvroFormatWriter(out, AvroRecordMapper.create(schema), avro, threads));
    }
    FileFormat.Parquet parquet = (FileFormat.Parquet) format;
    try {
      new AvroSchemaConverter().convert(avroSchema);
    } catch (RuntimeException e) {
      throw new SystemErrorException("Could not derive the Parquet schema of stream " + schema.stream() + ": "
          + e.getMessage(), e, schema.stream());
    }
    return new Factory(format.extension(), false,
        out -> new ParquetFormatWriter(out, AvroRecordMapper.create(schema), parquet));
  }

  private static void validate(FileFormat format, StreamSchema schema) {
    if (format instanceof FileFormat.Avro avro) {
      int level = avro.compressionLevel();
      switch (avro.codec()) {
        case DEFLATE -> checkRange("Avro deflate compression_level", level, 0, 9);
        case XZ -> checkRange("Avro xz compression_level", level, 0, 9);
        case ZSTANDARD -> checkRange("Avro zstandard compression_level", level, -5, 22);
        default -> { }
      }
    } else if (format instanceof FileFormat.Parquet parquet) {
      checkRange("Parquet block_size_mb", parquet.blockSizeMb(), 1, 2047);
      checkRange("Parquet max_padding_size_mb", parquet.maxPaddingSizeMb(), 0, 2047);
      checkRange("Parquet page_size_kb", parquet.pageSizeKb(), 1, 1024 * 1024);
      checkRange("Parquet dictionary_page_size_kb", parquet.dictionaryPageSizeKb(), 1, 1024 * 1024);
    }
    if (schema.stream() == null || schema.stream().name() == null) {
      throw new SystemErrorException("A stream without a name has no file schema");
    }
  }

  private static void checkRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigErrorException(option + " must be between " + min + " and " + max + ", not " + value);
    }
  }

  /** Opens one writer per file. */
  @FunctionalInterface
  private interface Opener {
    FormatWriter open(OutputStream out) throws IOException;
  }

  private record Factory(String extension, boolean takesDataAsJson, Opener opener) implements FormatWriterFactory {
    @Override
    public FormatWriter open(OutputStream out) throws IOException {
      return opener.open(out);
    }
  }
}
