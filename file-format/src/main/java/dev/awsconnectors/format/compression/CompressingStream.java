package dev.awsconnectors.format.compression;

import dev.awsconnectors.format.FileFormat;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Compresses what is written to it into a target stream it does not own: the compression seam of CSV and JSONL files,
 * separate from the format writers.
 *
 * <p>Lifecycle: {@code write} any number of times, then {@link #finish()} once, which ends the compressed data (the
 * gzip trailer) and flushes the target. Neither {@code finish()} nor {@link #close()} closes the target. A stream
 * that compresses on threads of its own ends them in {@code finish()} or when a call fails; one that is dropped
 * unfinished has them end by themselves within seconds ({@link dev.awsconnectors.format.io.BlockPipeline}).
 */
public abstract class CompressingStream extends OutputStream {

  /**
   * Opens a compressing stream of {@code compression} over {@code target}.
   *
   * @param threads threads that compress (gzip: blocks of 128 KiB); 1 compresses on the writing thread. The bytes
   *     written are the same whatever the number.
   */
  public static CompressingStream open(FileFormat.Compression compression, OutputStream target, int threads)
      throws IOException {
    return switch (compression) {
      case NONE -> new PassThroughStream(target);
      case GZIP -> new GzipStream(target, threads);
    };
  }

  /** Ends the compressed data and flushes the target; nothing may be written afterwards. The target stays open. */
  public abstract void finish() throws IOException;

  /**
   * The bytes written to this stream whose compressed form has not reached the target yet (the block being filled
   * and the blocks being compressed), in uncompressed bytes.
   */
  public abstract long bufferedBytes();

  /** Same as {@link #finish()}: the target is never closed. */
  @Override
  public void close() throws IOException {
    finish();
  }
}
