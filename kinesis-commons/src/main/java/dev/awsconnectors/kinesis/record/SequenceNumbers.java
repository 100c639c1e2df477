package dev.awsconnectors.kinesis.record;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * Kinesis sequence numbers are decimal strings of up to 129 digits (56 in practice, 19 on emulators): compare them
 * as integers, never as strings. The source compares one for every record it emits, so valid ones are compared
 * without parsing: without leading zeros, the longer is the larger, and of equal length the text orders them.
 */
public final class SequenceNumbers {
  public static final Comparator<String> ORDER = SequenceNumbers::compare;
  private static final int MAX_DIGITS = 129;

  private SequenceNumbers() {}

  /**
   * Compares two decimal integers by value.
   *
   * @throws NumberFormatException if one is not a decimal integer
   */
  public static int compare(String a, String b) {
    if (isValid(a) && isValid(b)) {
      int byLength = Integer.compare(a.length(), b.length());
      return byLength != 0 ? byLength : Integer.signum(a.compareTo(b));
    }
    return new BigInteger(a).compareTo(new BigInteger(b));
  }

  /** Whether {@code value} is a sequence number: 1 to 129 decimal digits, without leading zeros. */
  public static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_DIGITS
        || (value.charAt(0) == '0' && value.length() > 1)) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
