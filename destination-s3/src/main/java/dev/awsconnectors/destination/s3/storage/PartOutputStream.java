package dev.awsconnectors.destination.s3.storage;

import java.io.OutputStream;

/**
 * The stream a format writer writes a file into: bytes go straight into part buffers, and each buffer that reaches
 * its part size is handed to the {@link PartSink} (which uploads it) while writing goes on in a new one. Counts
 * every byte, so the file's size after compression is known at any time. Written by one thread.
 */
public final class PartOutputStream extends OutputStream {

  /** Receives full parts, in order; may block while too many parts are in flight. */
  public interface PartSink {
    void part(int partNumber, PartBuffer part);
  }

  private final MemoryBudget budget;
  private final PartSizing sizing;
  private final PartSink sink;
  private PartBuffer current;
  private int nextPartNumber = 1;
  private long partLimit;
  private long written;
  private boolean closed;

  public PartOutputStream(MemoryBudget budget, PartSizing sizing, PartSink sink) {
    this.budget = budget;
    this.sizing = sizing;
    this.sink = sink;
  }

  @Override
  public void write(int b) {
    ensureBuffer();
    current.write(b);
    written++;
    if (current.length() == partLimit) {
      handOver();
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int count) {
    while (count > 0) {
      ensureBuffer();
      int n = (int) Math.min(count, partLimit - current.length());
      current.write(bytes, offset, n);
      written += n;
      offset += n;
      count -= n;
      if (current.length() == partLimit) {
        handOver();
      }
    }
  }

  /** Format writers flush when they finish; parts are only handed over when full. */
  @Override
  public void flush() {}

  /** Bytes written so far (the file's size, compression included). */
  public long bytesWritten() {
    return written;
  }

  /** Bytes in the part being filled. */
  public long bufferedBytes() {
    return current == null ? 0 : current.length();
  }

  /** Parts handed to the sink so far. */
  public int partsHandedOver() {
    return nextPartNumber - 1;
  }

  /**
   * Hands the part being filled over now, if it is large enough to be a non-final part (memory relief).
   *
   * @return true if a part was handed over
   */
  public boolean handOverEarly() {
    if (current == null || current.length() < S3Limits.MIN_PART_SIZE) {
      return false;
    }
    handOver();
    return true;
  }

  /** Ends the stream and returns the last, possibly small or empty, part; null if nothing is buffered. */
  public PartBuffer takeLastPart() {
    closed = true;
    PartBuffer last = current;
    current = null;
    return last;
  }

  /** Ends the stream and frees what it buffers (after a failure). */
  public void discard() {
    closed = true;
    if (current != null) {
      current.release();
      current = null;
    }
  }

  @Override
  public void close() {
    // The file's owner decides between takeLastPart() and discard(); closing by a library changes nothing.
  }

  private void ensureBuffer() {
    if (closed) {
      throw new IllegalStateException("The file was already finished");
    }
    if (current == null) {
      if (nextPartNumber > S3Limits.MAX_PARTS) {
        throw new IllegalStateException("An object has at most " + S3Limits.MAX_PARTS + " parts");
      }
      current = new PartBuffer(budget);
      partLimit = sizing.partSize(nextPartNumber);
    }
  }

  private void handOver() {
    PartBuffer full = current;
    current = null;
    sink.part(nextPartNumber++, full);
  }
}
