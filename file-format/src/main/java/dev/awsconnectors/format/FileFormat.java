package dev.awsconnectors.format;

/**
 * A file format and its options, parsed once from the {@code format} section of destination-s3's configuration.
 * The option names and defaults follow Airbyte's destination-s3.
 */
public sealed interface FileFormat permits FileFormat.Avro, FileFormat.Parquet, FileFormat.Csv, FileFormat.Jsonl {

  /** The file name extension, with the compression's: {@code .avro}, {@code .parquet}, {@code .csv.gz}, ... */
  String extension();

  enum AvroCodec { NULL, DEFLATE, BZIP2, XZ, ZSTANDARD, SNAPPY }

  /** LZO and BROTLI are refused when the configuration is read: their libraries are not on Maven Central. */
  enum ParquetCodec { UNCOMPRESSED, SNAPPY, GZIP, LZ4, ZSTD }

  enum Flattening { NONE, ROOT_LEVEL }

  enum Compression { NONE, GZIP }

  /**
   * An Avro object container file; the codec compresses blocks inside it.
   *
   * @param compressionLevel deflate 0-9, xz 0-9, zstandard -5..22; ignored by the other codecs
   */
  record Avro(AvroCodec codec, int compressionLevel, boolean includeChecksum) implements FileFormat {
    @Override
    public String extension() {
      return ".avro";
    }
  }

  /**
   * A Parquet file. Each open file buffers one row group ({@code blockSizeMb}) in memory; the destination may lower
   * it to stay within its memory budget.
   */
  record Parquet(ParquetCodec codec, int blockSizeMb, int maxPaddingSizeMb, int pageSizeKb, int dictionaryPageSizeKb,
      boolean dictionaryEncoding) implements FileFormat {
    @Override
    public String extension() {
      return ".parquet";
    }

    public Parquet withBlockSizeMb(int sizeMb) {
      return new Parquet(codec, sizeMb, maxPaddingSizeMb, pageSizeKb, dictionaryPageSizeKb, dictionaryEncoding);
    }
  }

  /** CSV with a header row. */
  record Csv(Flattening flattening, Compression compression) implements FileFormat {
    @Override
    public String extension() {
      return compression == Compression.GZIP ? ".csv.gz" : ".csv";
    }
  }

  /** One JSON object per line. */
  record Jsonl(Flattening flattening, Compression compression) implements FileFormat {
    @Override
    public String extension() {
      return compression == Compression.GZIP ? ".jsonl.gz" : ".jsonl";
    }
  }
}
