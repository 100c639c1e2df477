package dev.awsconnectors.kinesis.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class HashKeysTest {

  @Test
  void hashesPartitionKeysWithMd5AsAnUnsignedInteger() {
    // MD5("a") = 0cc175b9c0f1b6a831c399e269772661
    assertThat(HashKeys.ofPartitionKey("a")).isEqualTo(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16));
    assertThat(HashKeys.ofPartitionKey("x").signum()).isPositive();
  }

  @Test
  void validatesExplicitHashKeys() {
    assertThat(HashKeys.isValidExplicitHashKey("0")).isTrue();
    assertThat(HashKeys.isValidExplicitHashKey(HashKeys.MAX.toString())).isTrue();
    assertThat(HashKeys.isValidExplicitHashKey(HashKeys.MAX.add(BigInteger.ONE).toString())).isFalse();
    assertThat(HashKeys.isValidExplicitHashKey("007")).isFalse();
    assertThat(HashKeys.isValidExplicitHashKey("-1")).isFalse();
  }

  @Test
  void comparesSequenceNumbersAsIntegersNotStrings() {
    String emulatorEnd = "9223372036854775807";
    String real = "49590338271490256608559692538361571095921575989136588898";

    assertThat(SequenceNumbers.compare(real, emulatorEnd)).isPositive();
    assertThat(real.compareTo(emulatorEnd)).as("the string order is wrong").isNegative();
    assertThat(SequenceNumbers.isValid("007")).isFalse();
  }
}
