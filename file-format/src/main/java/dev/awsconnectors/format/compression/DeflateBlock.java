package dev.awsconnectors.format.compression;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * One block of a {@link GzipStream}: up to a block's worth of input, the 32 KiB of input before it, and once
 * compressed its raw deflate data. Filled on the writing thread, compressed on any one thread, then written out and
 * reused; never touched by two threads at once.
 */
final class DeflateBlock {
  /** Deflate's window: a block may refer back this far, so this much of the previous block primes the next one. */
  static final int WINDOW = 32 * 1024;
  private static final int INITIAL_INPUT = 8 * 1024;

  private final int capacity;
  byte[] input = new byte[INITIAL_INPUT];
  int length;
  private final byte[] dictionary = new byte[WINDOW];
  private int dictionaryLength;
  boolean last;
  byte[] output = new byte[0];
  int outputLength;

  DeflateBlock(int capacity) {
    this.capacity = capacity;
  }

  /** Copies up to {@code len} bytes into the block; returns how many fitted. */
  int append(byte[] b, int off, int len) {
    int n = Math.min(len, capacity - length);
    if (length + n > input.length) {
      input = Arrays.copyOf(input, Math.min(capacity, Math.max(length + n, input.length * 2)));
    }
    System.arraycopy(b, off, input, length, n);
    length += n;
    return n;
  }

  boolean isFull() {
    return length == capacity;
  }

  /** Starts this block after {@code previous}: empty, primed with the last 32 KiB of the previous block's input. */
  void startAfter(DeflateBlock previous) {
    dictionaryLength = Math.min(WINDOW, previous.length);
    System.arraycopy(previous.input, previous.length - dictionaryLength, dictionary, 0, dictionaryLength);
    length = 0;
    last = false;
  }

  /**
   * Compresses the input as a raw deflate run that may refer back into the dictionary. A block that is not the
   * last ends with a sync flush (an empty stored block that ends on a byte boundary) and the last one with deflate's
   * final block, so the runs of consecutive blocks, concatenated, are one deflate stream: what pigz writes.
   */
  void compress(Deflater deflater) {
    deflater.reset();
    if (dictionaryLength > 0) {
      deflater.setDictionary(dictionary, 0, dictionaryLength);
    }
    deflater.setInput(input, 0, length);
    if (last) {
      deflater.finish();
    }
    if (output.length < length / 4 + 1024) {
      output = new byte[length / 4 + 1024];
    }
    outputLength = 0;
    int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
    while (true) {
      if (outputLength == output.length) {
        output = Arrays.copyOf(output, output.length * 2);
      }
      outputLength += deflater.deflate(output, outputLength, output.length - outputLength, flush);
      // With a sync flush, output space left over means everything was flushed; a final block says so itself.
      if (last ? deflater.finished() : outputLength < output.length) {
        return;
      }
    }
  }
}
