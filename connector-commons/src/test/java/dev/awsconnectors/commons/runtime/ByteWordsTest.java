package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class ByteWordsTest {

  @Test
  void eightBytesAtOnceAgreeWithOneAtATime() {
    Random random = new Random(5);
    byte[] bytes = new byte[8];
    byte[] probes = {'"', '\\', '\n', '\r', 0, (byte) 0x80, (byte) 0xFF, 'a'};
    for (int n = 0; n < 30_000; n++) {
      for (int i = 0; i < 8; i++) {
        // Mostly values near the probes, so that hits, misses and borrows across bytes all occur.
        bytes[i] = random.nextBoolean() ? (byte) (probes[random.nextInt(probes.length)] + random.nextInt(3) - 1)
            : (byte) random.nextInt(256);
      }
      long word = ByteWords.word(bytes, 0);
      String hex = HexFormat.of().formatHex(bytes);
      for (byte probe : probes) {
        assertThat(ByteWords.has(word, probe)).as(hex + " has " + probe).isEqualTo(contains(bytes, probe));
        if (contains(bytes, probe)) {
          assertThat(ByteWords.first(ByteWords.marks(word, probe))).as(hex + " first " + probe)
              .isEqualTo(firstIndex(bytes, b -> b == probe));
        }
      }
      for (int limit : new int[] {1, 0x20, 0x21, 0x80}) {
        assertThat(ByteWords.hasBelow(word, limit)).as(hex + " below " + limit).isEqualTo(anyBelow(bytes, limit));
        if (anyBelow(bytes, limit)) {
          assertThat(ByteWords.first(ByteWords.marksBelow(word, limit))).as(hex + " first below " + limit)
              .isEqualTo(firstIndex(bytes, b -> (b & 0xFF) < limit));
        }
      }
      assertThat(ByteWords.hasHighBit(word)).as(hex).isEqualTo(anyBelow(bytes, 256) && !allBelow(bytes, 0x80));
    }
  }

  @Test
  void stringStopFindsWhatAByteLoopFindsFromEveryStartInEveryRange() {
    Random random = new Random(9);
    byte[] alphabet = {'"', '\\', '\n', 0x1F, 0x20, 'a', (byte) 0xC3, (byte) 0xA9};
    for (int n = 0; n < 3_000; n++) {
      byte[] bytes = new byte[random.nextInt(30)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(5) == 0 ? alphabet[random.nextInt(4)] : alphabet[4 + random.nextInt(4)];
      }
      int end = random.nextInt(bytes.length + 1);
      for (int at = 0; at <= end; at++) {
        for (boolean controls : new boolean[] {true, false}) {
          int expected = at;
          while (expected < end && bytes[expected] != '"' && bytes[expected] != '\\'
              && !(controls && (bytes[expected] & 0xFF) < 0x20)) {
            expected++;
          }
          assertThat(ByteWords.stringStop(bytes, at, end, controls))
              .as("%s from %d to %d, controls %s", HexFormat.of().formatHex(bytes), at, end, controls)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void readsTheBytesInArrayOrderFromAnyIndex() {
    byte[] bytes = {9, 1, 2, 3, 4, 5, 6, 7, 8};
    assertThat(ByteWords.word(bytes, 1)).isEqualTo(0x0807060504030201L);
  }

  private static int firstIndex(byte[] bytes, IntPredicate test) {
    for (int i = 0; i < bytes.length; i++) {
      if (test.test(bytes[i])) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(byte[] bytes, byte value) {
    for (byte b : bytes) {
      if (b == value) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyBelow(byte[] bytes, int limit) {
    for (byte b : bytes) {
      if ((b & 0xFF) < limit) {
        return true;
      }
    }
    return false;
  }

  private static boolean allBelow(byte[] bytes, int limit) {
    for (byte b : bytes) {
      if ((b & 0xFF) >= limit) {
        return false;
      }
    }
    return true;
  }
}
