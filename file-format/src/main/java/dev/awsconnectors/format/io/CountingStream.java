package dev.awsconnectors.format.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts the bytes written to a target stream it does not own: {@link #close()} only flushes. Library writers that
 * close their stream (Avro's {@code DataFileWriter}, Parquet's {@code ParquetWriter}) write through one of these.
 */
public final class CountingStream extends OutputStream {
  private final OutputStream target;
  private long count;

  public CountingStream(OutputStream target) {
    this.target = target;
  }

  @Override
  public void write(int b) throws IOException {
    target.write(b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    target.write(b, off, len);
    count += len;
  }

  @Override
  public void flush() throws IOException {
    target.flush();
  }

  /** Flushes; the target stays open. */
  @Override
  public void close() throws IOException {
    target.flush();
  }

  public long count() {
    return count;
  }
}
