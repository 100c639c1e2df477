package dev.awsconnectors.kinesis.record;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * Kinesis sequence numbers are decimal strings of up to 129 digits (56 in practice, 19 on emulators): compare them
 * as integers, never as strings.
 */
public final class SequenceNumbers {
  public static final Comparator<String> ORDER = Comparator.comparing(BigInteger::new);

  private SequenceNumbers() {}

  public static int compare(String a, String b) {
    return new BigInteger(a).compareTo(new BigInteger(b));
  }

  public static boolean isValid(String value) {
    return value != null && value.matches("0|[1-9]\\d{0,128}");
  }
}
