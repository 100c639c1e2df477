package dev.awsconnectors.source.kinesis.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecimalSpellingTest {

  /**
   * Without an exponent the answer is exact; a spelling with one is never taken as canonical (BigDecimal's own
   * {@code 1E+3} included): such numbers are rare in payloads and take the exact path through BigDecimal.
   */
  private static void assertSpelling(String text) {
    boolean same = new BigDecimal(text).toString().equals(text);
    if (text.indexOf('e') < 0 && text.indexOf('E') < 0) {
      assertThat(canonical(text)).as(text).isEqualTo(same);
    } else {
      assertThat(canonical(text)).as(text).isFalse();
    }
  }

  private static boolean canonical(String text) {
    char[] padded = ("xx" + text + "yy").toCharArray();
    return DecimalSpelling.isCanonical(padded, 2, text.length());
  }

  @Test
  void aDecimalWithoutExponentIsCanonicalExactlyWhenBigDecimalSpellsItsValueSo() {
    for (String text : List.of("0.0", "-0.0", "0.00", "1.50", "-1.50", "0.000001", "0.0000001", "-0.000001",
        "0.000000", "0.0000000", "100.000", "1e3", "1E+3", "1.0e-7", "-0e0", "12345678901234567890.5", "0.5")) {
      assertSpelling(text);
    }
    Random random = new Random(5);
    for (int i = 0; i < 200_000; i++) {
      StringBuilder text = new StringBuilder(random.nextInt(3) == 0 ? "-" : "");
      text.append(random.nextInt(3) == 0 ? "0" : Integer.toString(1 + random.nextInt(1_000_000)));
      if (random.nextInt(5) > 0) {
        text.append('.');
        int digits = 1 + random.nextInt(12);
        for (int d = 0; d < digits; d++) {
          text.append(random.nextInt(2) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
        }
      }
      if (random.nextInt(4) == 0 || text.indexOf(".") < 0) {
        text.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : random.nextBoolean()
            ? "+" : "").append(random.nextInt(40));
      }
      String t = text.toString();
      assertSpelling(t);
    }
  }
}
