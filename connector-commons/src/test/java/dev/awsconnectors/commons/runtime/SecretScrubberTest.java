package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScrubberTest {

  @Test
  void masksRawAndJsonEscapedForms() {
    SecretScrubber scrubber = new SecretScrubber();
    String secret = "p\"a\\ss/wörd";
    scrubber.register(List.of(secret));

    String json = ProtocolCodec.serialize(java.util.Map.of("m", "the secret is " + secret));

    assertThat(scrubber.scrub(json)).doesNotContain("a\\\\ss").contains("**********");
    assertThat(scrubber.scrub("raw " + secret + " end")).isEqualTo("raw ********** end");
  }

  @Test
  void masksLongerSecretsFirstAndIgnoresTrivialOnes() {
    SecretScrubber scrubber = new SecretScrubber();
    scrubber.register(List.of("abc", "abcdef", "x"));

    assertThat(scrubber.scrub("abcdef abc x")).isEqualTo("********** ********** x");
  }
}
