package dev.awsconnectors.commons.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes of an array read as one {@code long}, and exact tests on all eight at once (SWAR), for the loops of
 * the stdin path and the payload encoders that look for a few byte values in long runs of others.
 */
public final class ByteWords {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private ByteWords() {}

  /** The eight bytes {@code bytes[i, i + 8)}. */
  public static long word(byte[] bytes, int i) {
    return (long) LONGS.get(bytes, i);
  }

  /** Whether one of the eight bytes of {@code word} is {@code value}. */
  public static boolean has(long word, byte value) {
    return marks(word, value) != 0;
  }

  /** Whether one of the eight bytes of {@code word} is below {@code limit} (at most 0x80), unsigned. */
  public static boolean hasBelow(long word, int limit) {
    return marksBelow(word, limit) != 0;
  }

  /**
   * The high bit of the bytes of {@code word} that are {@code value}: exact up to the first such byte (a borrow may
   * mark bytes after it), so {@link #first} of the marks is exact.
   */
  public static long marks(long word, byte value) {
    long x = word ^ (ONES * (value & 0xFF));
    return (x - ONES) & ~x & HIGH_BITS;
  }

  /** As {@link #marks}, for the bytes below {@code limit} (at most 0x80), unsigned. */
  public static long marksBelow(long word, int limit) {
    return (word - ONES * limit) & ~word & HIGH_BITS;
  }

  /** The index (0 to 7) in its word of the first byte marked in {@code marks} (not 0). */
  public static int first(long marks) {
    return Long.numberOfTrailingZeros(marks) >>> 3;
  }

  /** Whether one of the eight bytes of {@code word} has its high bit set (is not ASCII). */
  public static boolean hasHighBit(long word) {
    return (word & HIGH_BITS) != 0;
  }
}
