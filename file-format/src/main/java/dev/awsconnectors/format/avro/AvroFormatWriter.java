package dev.awsconnectors.format.avro;

import dev.awsconnectors.format.FileFormat;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.io.CountingStream;
import dev.awsconnectors.format.schema.AvroRecordMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * An Avro object container file. Each record is encoded on its own first, so its size is known exactly and a failure
 * cannot leave half a record in a block; blocks of about {@link #BLOCK_SIZE} uncompressed bytes are compressed with
 * the codec and written to the stream as they fill, so memory stays at one block whatever the number of records.
 */
public final class AvroFormatWriter implements FormatWriter {
  /** Avro's default sync interval: uncompressed bytes per block. */
  public static final int BLOCK_SIZE = 64_000;

  private final AvroRecordMapper mapper;
  private final CountingStream target;
  private final DataFileWriter<GenericRecord> file;
  private final GenericDatumWriter<GenericRecord> datumWriter;
  /** Larger per-record buffers are dropped after use, so one huge record does not stay in memory. */
  private static final int KEEP_BUFFER = 1024 * 1024;

  private Buffer encoded = new Buffer();
  private BinaryEncoder encoder;
  private long pending;
  private boolean finished;

  public AvroFormatWriter(OutputStream out, AvroRecordMapper mapper, FileFormat.Avro format) throws IOException {
    this.mapper = mapper;
    this.target = new CountingStream(out);
    this.datumWriter = new GenericDatumWriter<>(mapper.schema(), GenericData.get());
    this.encoder = EncoderFactory.get().directBinaryEncoder(encoded, null);
    this.file = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(mapper.schema(), GenericData.get()));
    file.setCodec(codec(format));
    file.setSyncInterval(BLOCK_SIZE);
    file.create(mapper.schema(), target);
  }

  /**
   * The Avro codec of {@code format}; levels were validated when the format was read. xz and zstandard write the
   * standard codecs' streams with a window sized to the block ({@link SizedBlockCodecs}).
   */
  public static CodecFactory codec(FileFormat.Avro format) {
    return switch (format.codec()) {
      case NULL -> CodecFactory.nullCodec();
      case DEFLATE -> CodecFactory.deflateCodec(format.compressionLevel());
      case BZIP2 -> CodecFactory.bzip2Codec();
      case XZ -> SizedBlockCodecs.xz(format.compressionLevel());
      case ZSTANDARD -> SizedBlockCodecs.zstandard(format.compressionLevel(), format.includeChecksum());
      case SNAPPY -> CodecFactory.snappyCodec();
    };
  }

  @Override
  public void write(OutputRecord record) throws IOException {
    GenericData.Record datum = mapper.map(record);
    encoded.reset();
    datumWriter.write(datum, encoder);
    encoder.flush();
    long before = target.count();
    file.appendEncoded(ByteBuffer.wrap(encoded.array(), 0, encoded.size()));
    pending = target.count() != before ? 0 : pending + encoded.size();
    if (encoded.array().length > KEEP_BUFFER) {
      encoded = new Buffer();
      encoder = EncoderFactory.get().directBinaryEncoder(encoded, null);
    }
  }

  @Override
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    file.close(); // writes the last block and flushes; the counting stream keeps the target open
    pending = 0;
  }

  @Override
  public long bufferedBytes() {
    return pending;
  }

  @Override
  public long coercedValues() {
    return mapper.coercedValues();
  }

  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(1024);
    }

    byte[] array() {
      return buf;
    }
  }
}
