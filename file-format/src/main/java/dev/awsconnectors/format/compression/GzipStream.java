package dev.awsconnectors.format.compression;

import dev.awsconnectors.format.io.BlockPipeline;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A single gzip member (RFC 1952) at the default level, whose deflate data is compressed in blocks of
 * {@link #BLOCK_SIZE} input bytes on up to {@code threads} threads, as pigz does: each block is primed with the 32 KiB
 * before it (so the ratio is that of one continuous stream) and ends on a byte boundary with a sync flush, so that the
 * blocks, written in order, are one deflate stream. The file is one member, not a concatenation of members: every
 * reader reads it whole, including those that stop after the first member of a concatenated file (Java's
 * {@code GZIPInputStream} before JDK 23 on a stream whose {@code available()} is 0, JDK-7036144). The bytes depend only
 * on the input, never on the number of threads or their timing.
 *
 * <p>Threads and memory: see {@link BlockPipeline} (at most {@code 2 * threads} blocks in flight, threads ended by
 * {@link #finish()}); one deflater per thread compressing at the same time.
 */
final class GzipStream extends CompressingStream {
  /** Input bytes per block: pigz's default. */
  static final int BLOCK_SIZE = 128 * 1024;
  /** What {@code java.util.zip.GZIPOutputStream} writes: deflate, no flags, no time, no extra flags, OS 0. */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};

  private final OutputStream target;
  private final BlockPipeline<DeflateBlock> pipeline;
  private final ArrayDeque<DeflateBlock> free = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();
  private final int blockSize;
  private long totalInput;
  private DeflateBlock filling;
  private boolean finished;

  GzipStream(OutputStream target, int threads) throws IOException {
    this(target, threads, BLOCK_SIZE, Deflating::new);
  }

  /** @param compressors the real {@link Deflating}, or in tests one that fails */
  GzipStream(OutputStream target, int threads, int blockSize,
      Supplier<BlockPipeline.Compressor<DeflateBlock>> compressors) throws IOException {
    if (blockSize < DeflateBlock.WINDOW) {
      throw new IllegalArgumentException("A block must hold at least the deflate window");
    }
    this.target = target;
    this.blockSize = blockSize;
    this.pipeline = new BlockPipeline<>(threads, 2 * threads, "gzip-block", compressors, this::writeOut);
    this.filling = new DeflateBlock(blockSize);
    target.write(HEADER);
  }

  /** Raw deflate at the default level (6, as {@code gzip} and {@code GZIPOutputStream}). */
  static final class Deflating implements BlockPipeline.Compressor<DeflateBlock> {
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

    @Override
    public void compress(DeflateBlock block) {
      block.compress(deflater);
    }

    /** The native zlib memory is freed now rather than by the cleaner. */
    @Override
    public void release() {
      deflater.end();
    }
  }

  private void writeOut(DeflateBlock block) throws IOException {
    target.write(block.output, 0, block.outputLength);
    free.push(block);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (finished) {
      throw new IOException("The gzip stream is finished");
    }
    while (len > 0) {
      int n = filling.append(b, off, len);
      off += n;
      len -= n;
      if (filling.isFull()) {
        submitFilling(false);
      }
    }
  }

  private void submitFilling(boolean last) throws IOException {
    DeflateBlock block = filling;
    block.last = last;
    crc.update(block.input, 0, block.length);
    totalInput += block.length;
    pipeline.submit(block, block.length);
    if (!last) {
      // Reading the submitted block's input while a thread compresses it is safe: neither writes it.
      DeflateBlock next = free.isEmpty() ? new DeflateBlock(blockSize) : free.pop();
      next.startAfter(block);
      filling = next;
    }
  }

  /** Flushes the target; does not cut a block short (that would hurt the ratio). */
  @Override
  public void flush() throws IOException {
    target.flush();
  }

  @Override
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    submitFilling(true);
    pipeline.finish();
    byte[] trailer = new byte[8];
    littleEndian(trailer, 0, crc.getValue());
    littleEndian(trailer, 4, totalInput);
    target.write(trailer);
    target.flush();
  }

  private static void littleEndian(byte[] out, int at, long value) {
    for (int i = 0; i < 4; i++) {
      out[at + i] = (byte) (value >>> (8 * i));
    }
  }

  @Override
  public long bufferedBytes() {
    return finished ? 0 : filling.length + pipeline.pendingInputBytes();
  }
}
