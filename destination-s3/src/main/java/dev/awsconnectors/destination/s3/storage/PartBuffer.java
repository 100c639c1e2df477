package dev.awsconnectors.destination.s3.storage;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one upload part, held in chunks that grow from 64 KiB to 1 MiB, so that a file holding a few records
 * costs little and a full part is never copied. Every chunk is reserved from the {@link MemoryBudget} and given back
 * by {@link #release()}. Written by one thread; once handed over it is only read.
 */
public final class PartBuffer implements ObjectBody {
  static final int FIRST_CHUNK = 64 * 1024;
  static final int MAX_CHUNK = 1024 * 1024;

  private final MemoryBudget budget;
  private final List<byte[]> chunks = new ArrayList<>();
  private int lastFill;
  private long length;
  private long reserved;
  private boolean released;

  public PartBuffer(MemoryBudget budget) {
    this.budget = budget;
  }

  public void write(byte[] bytes, int offset, int count) {
    while (count > 0) {
      if (chunks.isEmpty() || lastFill == chunks.get(chunks.size() - 1).length) {
        grow();
      }
      byte[] chunk = chunks.get(chunks.size() - 1);
      int n = Math.min(count, chunk.length - lastFill);
      System.arraycopy(bytes, offset, chunk, lastFill, n);
      lastFill += n;
      offset += n;
      count -= n;
      length += n;
    }
  }

  public void write(int b) {
    if (chunks.isEmpty() || lastFill == chunks.get(chunks.size() - 1).length) {
      grow();
    }
    chunks.get(chunks.size() - 1)[lastFill++] = (byte) b;
    length++;
  }

  private void grow() {
    if (released) {
      throw new IllegalStateException("The part buffer was released");
    }
    int size = chunks.isEmpty() ? FIRST_CHUNK : Math.min(MAX_CHUNK, chunks.get(chunks.size() - 1).length * 2);
    budget.reserve(size);
    reserved += size;
    chunks.add(new byte[size]);
    lastFill = 0;
  }

  @Override
  public long length() {
    return length;
  }

  /** The memory this buffer holds (its chunks' capacity). */
  public long reservedBytes() {
    return reserved;
  }

  @Override
  public InputStream open() {
    return new ChunkStream();
  }

  /** Gives the memory back; idempotent. The buffer must not be read afterwards. */
  public synchronized void release() {
    if (!released) {
      released = true;
      chunks.clear();
      budget.release(reserved);
    }
  }

  public byte[] toByteArray() {
    byte[] out = new byte[Math.toIntExact(length)];
    int pos = 0;
    for (int i = 0; i < chunks.size(); i++) {
      int n = i == chunks.size() - 1 ? lastFill : chunks.get(i).length;
      System.arraycopy(chunks.get(i), 0, out, pos, n);
      pos += n;
    }
    return out;
  }

  private final class ChunkStream extends InputStream {
    private int chunk;
    private int pos;

    private int limit(int index) {
      return index == chunks.size() - 1 ? lastFill : chunks.get(index).length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      while (chunk < chunks.size() && pos == limit(chunk)) {
        chunk++;
        pos = 0;
      }
      if (chunk >= chunks.size()) {
        return -1;
      }
      int n = Math.min(len, limit(chunk) - pos);
      System.arraycopy(chunks.get(chunk), pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      long left = 0;
      for (int i = chunk; i < chunks.size(); i++) {
        left += limit(i) - (i == chunk ? pos : 0);
      }
      return (int) Math.min(Integer.MAX_VALUE, left);
    }
  }
}
