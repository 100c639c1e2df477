package dev.awsconnectors.destination.s3.config;

import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.format.FileFormat;
import dev.awsconnectors.format.FileFormat.AvroCodec;
import dev.awsconnectors.format.FileFormat.Compression;
import dev.awsconnectors.format.FileFormat.Flattening;
import dev.awsconnectors.format.FileFormat.ParquetCodec;
import java.util.Locale;

/**
 * Reads the {@code format} section into a {@link FileFormat}, with Airbyte destination-s3's option names, enum
 * strings and defaults: every option but {@code format_type} may be left out (Avro without compression, levels 0
 * (deflate), 6 (xz), 3 (zstandard); Parquet UNCOMPRESSED, 128 / 8 / 1024 / 1024 / true; CSV and JSONL without
 * flattening and GZIP-compressed). The spec's validation runs first and admits the spec's strings exactly, as
 * Airbyte's platform does; names are compared ignoring case here only so that this parser, like Airbyte's code,
 * does not depend on it. Every problem names the value that was given.
 */
public final class FormatConfigParser {
  static final String FIELD = "format";

  private FormatConfigParser() {}

  /** Returns the format, or null after recording a problem. */
  public static FileFormat parse(ConfigReader config) {
    ConfigReader format = config.object(FIELD).orElse(null);
    if (format == null) {
      config.problem(FIELD, "is required: an object with format_type Avro, CSV, JSONL or Parquet");
      return null;
    }
    String type = format.string("format_type").orElse("");
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "AVRO" -> avro(format);
      case "PARQUET" -> parquet(format);
      case "CSV" -> new FileFormat.Csv(flattening(format), compression(format));
      case "JSONL" -> new FileFormat.Jsonl(flattening(format), compression(format));
      default -> {
        format.problem("format_type", "must be one of Avro, CSV, JSONL, Parquet (was '" + type + "')");
        yield null;
      }
    };
  }

  private static FileFormat avro(ConfigReader format) {
    ConfigReader codec = format.object("compression_codec").orElse(null);
    if (codec == null) {
      return new FileFormat.Avro(AvroCodec.NULL, 0, false);
    }
    String name = codec.string("codec").orElse("no compression");
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "no compression", "null" -> new FileFormat.Avro(AvroCodec.NULL, 0, false);
      case "deflate" -> new FileFormat.Avro(AvroCodec.DEFLATE,
          (int) codec.longValue("compression_level", 0, 0, 9), false);
      case "bzip2" -> new FileFormat.Avro(AvroCodec.BZIP2, 0, false);
      case "xz" -> new FileFormat.Avro(AvroCodec.XZ, (int) codec.longValue("compression_level", 6, 0, 9), false);
      case "zstandard" -> new FileFormat.Avro(AvroCodec.ZSTANDARD,
          (int) codec.longValue("compression_level", 3, -5, 22), codec.bool("include_checksum", false));
      case "snappy" -> new FileFormat.Avro(AvroCodec.SNAPPY, 0, false);
      default -> {
        codec.problem("codec", "must be one of 'no compression', Deflate, bzip2, xz, zstandard, snappy (was '"
            + name + "')");
        yield null;
      }
    };
  }

  private static FileFormat parquet(ConfigReader format) {
    String name = format.string("compression_codec").orElse("UNCOMPRESSED").toUpperCase(Locale.ROOT);
    ParquetCodec codec = switch (name) {
      case "UNCOMPRESSED" -> ParquetCodec.UNCOMPRESSED;
      case "SNAPPY" -> ParquetCodec.SNAPPY;
      case "GZIP" -> ParquetCodec.GZIP;
      case "LZ4" -> ParquetCodec.LZ4;
      case "ZSTD" -> ParquetCodec.ZSTD;
      default -> {
        format.problem("compression_codec", "must be one of UNCOMPRESSED, SNAPPY, GZIP, LZ4, ZSTD (was '" + name
            + "')");
        yield null;
      }
    };
    int blockSizeMb = (int) format.longValue("block_size_mb", 128, 1, 2047);
    int paddingMb = (int) format.longValue("max_padding_size_mb", 8, 0, 2047);
    int pageKb = (int) format.longValue("page_size_kb", 1024, 1, 2_097_151);
    int dictionaryKb = (int) format.longValue("dictionary_page_size_kb", 1024, 1, 2_097_151);
    boolean dictionary = format.bool("dictionary_encoding", true);
    return codec == null ? null
        : new FileFormat.Parquet(codec, blockSizeMb, paddingMb, pageKb, dictionaryKb, dictionary);
  }

  private static Flattening flattening(ConfigReader format) {
    String value = format.string("flattening").orElse("No flattening");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "no flattening" -> Flattening.NONE;
      case "root level flattening" -> Flattening.ROOT_LEVEL;
      default -> {
        format.problem("flattening", "must be 'No flattening' or 'Root level flattening' (was '" + value + "')");
        yield Flattening.NONE;
      }
    };
  }

  /** Airbyte's code default is GZIP when the compression object is absent. */
  private static Compression compression(ConfigReader format) {
    ConfigReader compression = format.object("compression").orElse(null);
    if (compression == null) {
      return Compression.GZIP;
    }
    String value = compression.string("compression_type").orElse("GZIP");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "gzip" -> Compression.GZIP;
      case "no compression" -> Compression.NONE;
      default -> {
        compression.problem("compression_type", "must be 'No Compression' or 'GZIP' (was '" + value + "')");
        yield Compression.GZIP;
      }
    };
  }
}
