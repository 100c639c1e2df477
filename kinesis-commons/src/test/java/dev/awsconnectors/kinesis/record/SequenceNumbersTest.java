package dev.awsconnectors.kinesis.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SequenceNumbersTest {

  @Test
  void comparesByValueAsBigIntegersDo() {
    Random random = new Random(7);
    String[] fixed = {"0", "1", "9", "10", "19", "49590338271490256608559692538361571095921575989136588898",
        "49590338271490256608559692538361571095921575989136588899", "5", "0001", "007", "1" + "0".repeat(128)};
    for (String a : fixed) {
      for (String b : fixed) {
        assertThat(SequenceNumbers.compare(a, b)).as(a + " vs " + b)
            .isEqualTo(new BigInteger(a).compareTo(new BigInteger(b)));
      }
    }
    for (int i = 0; i < 20_000; i++) {
      String a = new BigInteger(1 + random.nextInt(190), random).toString();
      String b = random.nextBoolean() ? a.substring(0, Math.max(1, a.length() - random.nextInt(3)))
          + random.nextInt(10) : new BigInteger(1 + random.nextInt(190), random).toString();
      assertThat(SequenceNumbers.compare(a, b)).as(a + " vs " + b)
          .isEqualTo(new BigInteger(a).compareTo(new BigInteger(b)));
      assertThat(SequenceNumbers.ORDER.compare(a, b)).isEqualTo(SequenceNumbers.compare(a, b));
    }
  }

  @Test
  void textThatIsNotANumberIsRefusedAsBeforeNotOrdered() {
    assertThatThrownBy(() -> SequenceNumbers.compare("12a", "12")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> SequenceNumbers.compare("", "1")).isInstanceOf(NumberFormatException.class);
  }

  @Test
  void aSequenceNumberIsOneTo129DigitsWithoutLeadingZeros() {
    assertThat(SequenceNumbers.isValid("0")).isTrue();
    assertThat(SequenceNumbers.isValid("49590338271490256608559692538361571095921575989136588898")).isTrue();
    assertThat(SequenceNumbers.isValid("9".repeat(129))).isTrue();
    assertThat(SequenceNumbers.isValid("9".repeat(130))).isFalse();
    assertThat(SequenceNumbers.isValid("01")).isFalse();
    assertThat(SequenceNumbers.isValid("")).isFalse();
    assertThat(SequenceNumbers.isValid(null)).isFalse();
    assertThat(SequenceNumbers.isValid("-1")).isFalse();
    assertThat(SequenceNumbers.isValid("1 ")).isFalse();
    assertThat(SequenceNumbers.isValid("１２")).as("other digits than ASCII").isFalse();
  }
}
