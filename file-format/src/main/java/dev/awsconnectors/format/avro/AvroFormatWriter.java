package dev.awsconnectors.format.avro;

import dev.awsconnectors.format.FileFormat;
import dev.awsconnectors.format.FileFormat.AvroCodec;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.io.BlockPipeline;
import dev.awsconnectors.format.schema.AvroRecordMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.file.Codec;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * An Avro object container file (the layout of Avro's {@code DataFileWriter}: header with the schema and the codec's
 * name, then blocks of {@code count, size, compressed records, sync marker}). Each record is encoded on its own first,
 * so its size is known exactly and a failure cannot leave half a record in a block; a block is closed once it holds
 * {@link #BLOCK_SIZE} uncompressed bytes, compressed with the codec on up to {@code threads} threads (every codec but
 * {@code null}: a {@link BlockPipeline}) and written in order. Memory: the block being filled and at most
 * {@code 2 * threads} blocks being compressed, whatever the number of records.
 */
public final class AvroFormatWriter implements FormatWriter {
  /** Avro's default sync interval: uncompressed bytes per block. */
  public static final int BLOCK_SIZE = 64_000;
  /** Larger buffers are dropped after use, so one huge record does not stay in memory. */
  private static final int KEEP_BUFFER = 1024 * 1024;
  private static final byte[] MAGIC = {'O', 'b', 'j', 1};

  private final AvroRecordMapper mapper;
  private final OutputStream out;
  private final BinaryEncoder framing;
  private final byte[] sync;
  private final GenericDatumWriter<GenericRecord> datumWriter;
  private final BlockPipeline<Block> pipeline;
  private final ArrayDeque<Block> free = new ArrayDeque<>();
  private Buffer encoded = new Buffer();
  private BinaryEncoder encoder;
  private Block filling = new Block();
  private boolean finished;

  /** @param threads threads that compress blocks; 1 compresses on the writing thread */
  public AvroFormatWriter(OutputStream out, AvroRecordMapper mapper, FileFormat.Avro format, int threads)
      throws IOException {
    this(out, mapper, () -> BlockCodecs.create(format), format.codec() == AvroCodec.NULL ? 1 : threads,
        randomSync());
  }

  /** @param codecs makes a codec per compressing thread (tests inject one that fails) */
  AvroFormatWriter(OutputStream out, AvroRecordMapper mapper, Supplier<Codec> codecs, int threads, byte[] sync)
      throws IOException {
    this.mapper = mapper;
    this.out = out;
    this.sync = sync.clone();
    this.datumWriter = new GenericDatumWriter<>(mapper.schema(), GenericData.get());
    this.encoder = EncoderFactory.get().directBinaryEncoder(encoded, null);
    this.framing = EncoderFactory.get().directBinaryEncoder(out, null);
    this.pipeline = new BlockPipeline<>(threads, 2 * threads, "avro-block", () -> new Compressing(codecs.get()),
        this::writeOut);
    writeHeader(codecs.get().getName());
  }

  private static byte[] randomSync() {
    UUID uuid = UUID.randomUUID(); // as DataFileWriter: a marker no block is likely to contain
    return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private void writeHeader(String codecName) throws IOException {
    out.write(MAGIC);
    framing.writeMapStart();
    framing.setItemCount(2);
    framing.startItem();
    framing.writeString("avro.schema");
    framing.writeBytes(mapper.schema().toString().getBytes(StandardCharsets.UTF_8));
    framing.startItem();
    framing.writeString("avro.codec");
    framing.writeBytes(codecName.getBytes(StandardCharsets.UTF_8));
    framing.writeMapEnd();
    framing.writeFixed(sync);
  }

  @Override
  public void write(OutputRecord record) throws IOException {
    if (finished) {
      throw new IOException("The Avro file is finished");
    }
    GenericData.Record datum = mapper.map(record);
    encoded.reset();
    datumWriter.write(datum, encoder);
    encoder.flush();
    filling.records.write(encoded.array(), 0, encoded.size());
    filling.count++;
    if (encoded.array().length > KEEP_BUFFER) {
      encoded = new Buffer();
      encoder = EncoderFactory.get().directBinaryEncoder(encoded, null);
    }
    if (filling.records.size() >= BLOCK_SIZE) {
      submitFilling();
    }
  }

  private void submitFilling() throws IOException {
    pipeline.submit(filling, filling.records.size());
    filling = free.isEmpty() ? new Block() : free.pop();
  }

  private void writeOut(Block block) throws IOException {
    framing.writeLong(block.count);
    framing.writeLong(block.outputLength);
    out.write(block.output, 0, block.outputLength);
    out.write(sync);
    if (block.records.array().length <= KEEP_BUFFER && block.output.length <= KEEP_BUFFER) {
      block.records.reset();
      block.count = 0;
      free.push(block);
    }
  }

  @Override
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    if (filling.count > 0) {
      submitFilling();
    }
    pipeline.finish();
    out.flush();
  }

  @Override
  public long bufferedBytes() {
    return finished ? 0 : filling.records.size() + pipeline.pendingInputBytes();
  }

  @Override
  public long coercedValues() {
    return mapper.coercedValues();
  }

  /** Records encoded for one block, and once compressed the block's data. */
  private static final class Block {
    final Buffer records = new Buffer();
    long count;
    byte[] output = new byte[0];
    int outputLength;
  }

  /** Compresses blocks with one codec instance. */
  private record Compressing(Codec codec) implements BlockPipeline.Compressor<Block> {
    @Override
    public void compress(Block block) throws IOException {
      ByteBuffer compressed = codec.compress(ByteBuffer.wrap(block.records.array(), 0, block.records.size()));
      block.outputLength = compressed.remaining();
      if (block.output.length < block.outputLength) {
        block.output = new byte[block.outputLength];
      }
      compressed.duplicate().get(block.output, 0, block.outputLength); // Avro's codecs reuse their buffers
    }
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
