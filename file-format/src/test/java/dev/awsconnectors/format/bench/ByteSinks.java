package dev.awsconnectors.format.bench;

import dev.awsconnectors.format.io.CountingStream;
import java.io.OutputStream;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Targets for the bare library writers of the benchmarks (here and in destination-s3, through this module's test
 * jar): a sink that counts and discards, and a Parquet {@link OutputFile} over any stream.
 */
public final class ByteSinks {
  private ByteSinks() {}

  /** Counts bytes and drops them. */
  public static final class CountingSink extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }

    public long count() {
      return count;
    }
  }

  /** An append-only Parquet output file over {@code out}, as a user of parquet-avro would write it. */
  public static OutputFile outputFile(OutputStream out) {
    return new OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) {
        CountingStream counted = new CountingStream(out);
        return new DelegatingPositionOutputStream(counted) {
          @Override
          public long getPos() {
            return counted.count();
          }
        };
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }
    };
  }
}
