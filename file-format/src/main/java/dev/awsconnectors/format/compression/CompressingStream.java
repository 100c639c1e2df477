package dev.awsconnectors.format.compression;

import dev.awsconnectors.format.FileFormat;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Compresses what is written to it into a target stream it does not own: the compression seam of CSV and JSONL files,
 * separate from the format writers.
 *
 * <p>Lifecycle: {@code write} any number of times, then {@link #finish()} once, which ends the compressed data (the
 * gzip trailer) and flushes the target. Neither {@code finish()} nor {@link #close()} closes the target.
 */
public abstract class CompressingStream extends OutputStream {

  /** Opens a compressing stream of {@code compression} over {@code target}. */
  public static CompressingStream open(FileFormat.Compression compression, OutputStream target) throws IOException {
    return switch (compression) {
      case NONE -> new PassThroughStream(target);
      case GZIP -> new GzipStream(target);
    };
  }

  /** Ends the compressed data and flushes the target; nothing may be written afterwards. The target stays open. */
  public abstract void finish() throws IOException;

  /**
   * An upper bound of the bytes written to this stream whose compressed form has not reached the target yet (the
   * deflater's window and pending output), in uncompressed bytes.
   */
  public abstract long bufferedBytes();

  /** Same as {@link #finish()}: the target is never closed. */
  @Override
  public void close() throws IOException {
    finish();
  }
}
