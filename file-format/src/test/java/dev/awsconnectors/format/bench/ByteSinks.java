package dev.awsconnectors.format.bench;

import java.io.IOException;
import java.io.OutputStream;
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
        return new PositionOutputStream() {
          private long position;

          @Override
          public long getPos() {
            return position;
          }

          @Override
          public void write(int b) throws IOException {
            out.write(b);
            position++;
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            position += len;
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
