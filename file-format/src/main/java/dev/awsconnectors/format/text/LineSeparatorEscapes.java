package dev.awsconnectors.format.text;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Standard JSON escaping plus U+2028 and U+2029 as {@code \u2028}/{@code \u2029}: valid JSON either way, but tools
 * that split lines on Unicode line separators (Python's {@code splitlines}, JavaScript before ES2019) would otherwise
 * break a JSONL line in two.
 */
final class LineSeparatorEscapes extends CharacterEscapes {
  static final LineSeparatorEscapes INSTANCE = new LineSeparatorEscapes();

  private static final SerializedString LS = new SerializedString("\\u2028");
  private static final SerializedString PS = new SerializedString("\\u2029");
  private final int[] asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();

  private LineSeparatorEscapes() {}

  @Override
  public int[] getEscapeCodesForAscii() {
    return asciiEscapes;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    if (ch == 0x2028) {
      return LS;
    }
    if (ch == 0x2029) {
      return PS;
    }
    return null;
  }
}
