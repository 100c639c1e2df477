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

  /**
   * The index of the first quote or backslash in {@code bytes[at, end)} (with {@code controls}, also of the first
   * control character, below 0x20), or {@code end}: where a run of plain JSON string text stops. Eight bytes a step,
   * the first marked byte of a word found at once.
   */
  public static int stringStop(byte[] bytes, int at, int end, boolean controls) {
    while (at + Long.BYTES <= end) {
      long word = word(bytes, at);
      long marks = marks(word, (byte) '"') | marks(word, (byte) '\\') | (controls ? marksBelow(word, 0x20) : 0);
      if (marks != 0) {
        return at + first(marks);
      }
      at += Long.BYTES;
    }
    while (at < end && bytes[at] != '"' && bytes[at] != '\\' && (!controls || bytes[at] < 0 || bytes[at] >= 0x20)) {
      at++;
    }
    return at;
  }

  /** Whether one of the eight bytes of {@code word} has its high bit set (is not ASCII). */
  public static boolean hasHighBit(long word) {
    return (word & HIGH_BITS) != 0;
  }
}
