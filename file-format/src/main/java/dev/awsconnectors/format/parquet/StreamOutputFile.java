package dev.awsconnectors.format.parquet;

import dev.awsconnectors.format.io.CountingStream;
import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} over an append-only stream (Parquet never seeks when writing). It reports the row-group
 * size as its block size so that {@code max_padding_size_mb} works as in HDFS: a row group that would end less than
 * the maximum padding before a block boundary is padded to it.
 */
final class StreamOutputFile implements OutputFile {
  private final CountingStream target;
  private final long blockSize;

  StreamOutputFile(CountingStream target, long blockSize) {
    this.target = target;
    this.blockSize = blockSize;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return new PositionOutputStream() {
      @Override
      public long getPos() {
        return target.count();
      }

      @Override
      public void write(int b) throws IOException {
        target.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        target.flush();
      }

      @Override
      public void close() throws IOException {
        target.close(); // flushes only
      }
    };
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return true;
  }

  @Override
  public long defaultBlockSize() {
    return blockSize;
  }

  @Override
  public String getPath() {
    return "stream";
  }
}
