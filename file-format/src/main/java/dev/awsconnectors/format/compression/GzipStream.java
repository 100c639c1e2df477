package dev.awsconnectors.format.compression;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A single gzip member (RFC 1952) at the default level, as {@code gzip} and Airbyte's {@code .csv.gz}/{@code .jsonl.gz}
 * files. Tracks how much input the deflater holds without having produced output for it yet.
 */
final class GzipStream extends CompressingStream {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final OutputStream target;
  private final Deflating gzip;
  private boolean finished;

  GzipStream(OutputStream target) throws IOException {
    this.target = target;
    this.gzip = new Deflating(new OutputObserver(target));
  }

  @Override
  public void write(int b) throws IOException {
    gzip.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    gzip.write(b, off, len);
  }

  /** Flushes what the deflater already produced; does not force a sync flush (that would hurt the ratio). */
  @Override
  public void flush() throws IOException {
    target.flush();
  }

  @Override
  public void finish() throws IOException {
    if (!finished) {
      finished = true;
      gzip.finish();
      target.flush();
      gzip.releaseDeflater();
    }
  }

  @Override
  public long bufferedBytes() {
    return finished ? 0 : gzip.pendingInput();
  }

  /** {@link GZIPOutputStream} that exposes its deflater's progress; its {@code close} is never called. */
  private static final class Deflating extends GZIPOutputStream {
    private final OutputObserver observer;

    Deflating(OutputObserver observer) throws IOException {
      super(observer, BUFFER_SIZE, false);
      this.observer = observer;
      observer.owner = this;
    }

    long bytesRead() {
      return def.getBytesRead();
    }

    long pendingInput() {
      return Math.max(0, def.getBytesRead() - observer.inputAtLastOutput);
    }

    /** The native zlib memory is freed now rather than by the cleaner: finish() never closes this stream. */
    void releaseDeflater() {
      def.end();
    }
  }

  /** Notes the deflater's input position whenever compressed bytes go out. */
  private static final class OutputObserver extends FilterOutputStream {
    private Deflating owner;
    private long inputAtLastOutput;

    OutputObserver(OutputStream target) {
      super(target);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      note();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      note();
    }

    private void note() {
      if (owner != null) {
        inputAtLastOutput = owner.bytesRead();
      }
    }

    @Override
    public void close() {
      // never closes the target
    }
  }
}
