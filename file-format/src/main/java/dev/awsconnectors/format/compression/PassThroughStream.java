package dev.awsconnectors.format.compression;

import java.io.IOException;
import java.io.OutputStream;

/** No compression: bytes go straight to the target. */
final class PassThroughStream extends CompressingStream {
  private final OutputStream target;

  PassThroughStream(OutputStream target) {
    this.target = target;
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
  public void finish() throws IOException {
    target.flush();
  }

  @Override
  public long bufferedBytes() {
    return 0;
  }
}
