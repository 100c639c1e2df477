package dev.awsconnectors.destination.kinesis.envelope;

import dev.awsconnectors.commons.runtime.ByteWords;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one payload's JSON text as UTF-8 bytes from pieces that are JSON already: the envelopes around a record's
 * data, which arrives as compact JSON text and is copied, never parsed. Reused record after record (one per
 * encoder); not thread-safe.
 */
final class JsonBytes {
  private byte[] bytes = new byte[1024];
  private int length;

  /** Starts a new text. */
  JsonBytes reset() {
    length = 0;
    return this;
  }

  /** Appends ASCII text that is JSON as it is (names with their quotes, punctuation, ids, numbers). */
  JsonBytes ascii(String text) {
    int n = text.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      bytes[length++] = (byte) text.charAt(i);
    }
    return this;
  }

  /** Appends a JSON value given as UTF-8 text. */
  JsonBytes raw(byte[] json) {
    ensure(json.length);
    System.arraycopy(json, 0, bytes, length, json.length);
    length += json.length;
    return this;
  }

  /** Appends a long as a JSON number. */
  JsonBytes number(long value) {
    return ascii(Long.toString(value));
  }

  /**
   * Appends {@code millis} as seconds with three decimals ({@code 1700000000.123}, {@code -0.005}), the spelling of
   * {@code BigDecimal.valueOf(millis, 3).toPlainString()}, without making one.
   */
  JsonBytes seconds(long millis) {
    long whole = millis / 1000;
    int fraction = (int) Math.abs(millis % 1000);
    if (millis < 0 && whole == 0) {
      ascii("-");
    }
    number(whole);
    ensure(4);
    bytes[length++] = '.';
    bytes[length++] = (byte) ('0' + fraction / 100);
    bytes[length++] = (byte) ('0' + fraction / 10 % 10);
    bytes[length++] = (byte) ('0' + fraction % 10);
    return this;
  }

  /**
   * Appends compact JSON text as a JSON string: quoted, with {@code "} and {@code \} escaped. Compact JSON holds no
   * other byte a string must escape: control characters are escaped inside its strings and absent between them.
   */
  JsonBytes string(byte[] compactJson) {
    ensure(2 + 2 * compactJson.length);
    bytes[length++] = '"';
    int from = 0;
    while (true) {
      int special = ByteWords.stringStop(compactJson, from, compactJson.length, false);
      System.arraycopy(compactJson, from, bytes, length, special - from);
      length += special - from;
      if (special == compactJson.length) {
        break;
      }
      bytes[length++] = '\\';
      bytes[length++] = compactJson[special];
      from = special + 1;
    }
    bytes[length++] = '"';
    return this;
  }

  /** The text so far, as a new array. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
