package dev.awsconnectors.source.kinesis.record;

/**
 * Whether a JSON decimal (a number with a fraction or an exponent) is spelled as {@link java.math.BigDecimal#toString()}
 * spells its value, which is how the protocol codec writes the decimals it reads: then it can be copied as it is.
 * That holds without an exponent and a negative zero, when the value's first digit lies at most six places after
 * the point ({@code 12.50}, {@code 0.000001}, {@code 0.00}); {@code 1e3} ({@code 1E+3}), {@code 0.0000001}
 * ({@code 1E-7}), {@code 0.0000000} ({@code 0E-7}) and {@code -0.0} ({@code 0.0}) are spelled otherwise. A spelling
 * with an exponent is never taken as canonical, even BigDecimal's own {@code 1E+3}: rare in payloads, such numbers
 * take the exact path through BigDecimal. Pure.
 */
final class DecimalSpelling {
  /** BigDecimal writes a plain number when its adjusted exponent is at least this. */
  private static final int PLAIN_FROM_EXPONENT = -6;

  private DecimalSpelling() {}

  /** @param text a decimal as JSON spells it: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
  static boolean isCanonical(char[] text, int offset, int length) {
    int end = offset + length;
    int i = offset;
    boolean negative = i < end && text[i] == '-';
    if (negative) {
      i++;
    }
    int integerStart = i;
    while (i < end && text[i] != '.') {
      if (text[i] == 'e' || text[i] == 'E') {
        return false;
      }
      i++;
    }
    if (i == end) {
      return false; // neither a fraction nor an exponent: not a decimal
    }
    boolean integerIsZero = i - integerStart == 1 && text[integerStart] == '0';
    int fractionStart = i + 1;
    int leadingZeros = 0;
    boolean nonZero = false;
    for (int j = fractionStart; j < end; j++) {
      char c = text[j];
      if (c == 'e' || c == 'E') {
        return false;
      }
      if (!nonZero) {
        if (c == '0') {
          leadingZeros++;
        } else {
          nonZero = true;
        }
      }
    }
    if (!integerIsZero) {
      return true; // the exponent is at least 0, and the value is not zero
    }
    if (!nonZero) {
      return !negative && -(end - fractionStart) >= PLAIN_FROM_EXPONENT; // zero: its exponent is minus the scale
    }
    return -(leadingZeros + 1) >= PLAIN_FROM_EXPONENT;
  }
}
