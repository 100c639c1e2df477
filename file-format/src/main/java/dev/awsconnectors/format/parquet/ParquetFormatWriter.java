package dev.awsconnectors.format.parquet;

import dev.awsconnectors.format.FileFormat;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.io.CountingStream;
import dev.awsconnectors.format.schema.AvroRecordMapper;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * A Parquet file written with parquet-avro from the stream's Avro schema, straight into the stream: one row group
 * ({@code block_size_mb}) is built in memory and written when full, then the footer at {@link #finish()}.
 */
public final class ParquetFormatWriter implements FormatWriter {
  private static final long MIB = 1024L * 1024L;

  private final AvroRecordMapper mapper;
  private final CountingStream target;
  private final ParquetWriter<GenericRecord> writer;
  private boolean finished;

  public ParquetFormatWriter(OutputStream out, AvroRecordMapper mapper, FileFormat.Parquet format)
      throws IOException {
    this.mapper = mapper;
    this.target = new CountingStream(out);
    long rowGroupSize = format.blockSizeMb() * MIB;
    this.writer = AvroParquetWriter.<GenericRecord>builder(new StreamOutputFile(target, rowGroupSize))
        .withSchema(mapper.schema())
        .withDataModel(GenericData.get())
        .withConf(configuration())
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(codec(format.codec()))
        .withRowGroupSize(rowGroupSize)
        .withMaxPaddingSize((int) Math.min(Integer.MAX_VALUE, format.maxPaddingSizeMb() * MIB))
        .withPageSize(format.pageSizeKb() * 1024)
        .withDictionaryPageSize(format.dictionaryPageSizeKb() * 1024)
        .withDictionaryEncoding(format.dictionaryEncoding())
        .build();
  }

  /** Three-level lists, so that array elements can be null (and other readers agree on the layout). */
  static PlainParquetConfiguration configuration() {
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    conf.set(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false");
    return conf;
  }

  /**
   * The Parquet codec of {@code codec}. LZ4 is written as LZ4_RAW: parquet-mr's LZ4 is Hadoop's framed LZ4, which
   * needs Hadoop's native or lz4-java codec and which other readers do not all decode; LZ4_RAW is the block format
   * the Parquet specification recommends (docs/file-formats.md).
   */
  public static CompressionCodecName codec(FileFormat.ParquetCodec codec) {
    return switch (codec) {
      case UNCOMPRESSED -> CompressionCodecName.UNCOMPRESSED;
      case SNAPPY -> CompressionCodecName.SNAPPY;
      case GZIP -> CompressionCodecName.GZIP;
      case LZ4 -> CompressionCodecName.LZ4_RAW;
      case ZSTD -> CompressionCodecName.ZSTD;
    };
  }

  @Override
  public void write(OutputRecord record) throws IOException {
    writer.write(mapper.map(record));
  }

  @Override
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    writer.close(); // the last row group and the footer; the counting stream keeps the target open
  }

  @Override
  public long bufferedBytes() {
    return finished ? 0 : Math.max(0, writer.getDataSize() - target.count());
  }

  @Override
  public long coercedValues() {
    return mapper.coercedValues();
  }
}
