package dev.awsconnectors.commons.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
  enum Codec { NONE, GZIP }

  private static ConfigReader reader(String json) throws Exception {
    return ConfigReader.of(ProtocolCodec.readTree(json));
  }

  @Test
  void treatsBlankAndNullStringsAsNotSet() throws Exception {
    ConfigReader r = reader("{\"a\":\"\",\"b\":null,\"c\":\"  x \"}");

    assertThat(r.string("a")).isEmpty();
    assertThat(r.string("b")).isEmpty();
    assertThat(r.string("missing")).isEmpty();
    assertThat(r.string("c")).contains("x");
  }

  @Test
  void keepsSecretsExactlyAndHidesThemInToString() throws Exception {
    Optional<Secret> s = reader("{\"k\":\" a b \"}").secret("k");

    assertThat(s).isPresent();
    assertThat(s.get().reveal()).isEqualTo(" a b ");
    assertThat(s.get().toString()).doesNotContain("a b");
  }

  @Test
  void collectsEveryProblemAndReportsThemTogether() throws Exception {
    ConfigReader r = reader("{\"n\":\"abc\",\"m\":50,\"codec\":\"LZO\",\"nested\":{\"x\":\"y\"}}");
    r.integer("n", 1);
    r.longValue("m", 1, 1, 10);
    r.choice("codec", Codec.class, Enum::name, Codec.NONE);
    r.object("nested").orElseThrow().problem("x", "is wrong");

    assertThatThrownBy(r::throwIfProblems).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("4 problems")
        .hasMessageContaining("'n' must be an integer")
        .hasMessageContaining("'m' must be between 1 and 10 (was 50)")
        .hasMessageContaining("'codec' must be one of [NONE, GZIP] (was 'LZO')")
        .hasMessageContaining("'nested.x' is wrong");
  }

  @Test
  void readsChoicesCaseInsensitivelyAndStringLists() throws Exception {
    ConfigReader r = reader("{\"codec\":\"gzip\",\"l\":[\"a\",\" \",\"b\"],\"one\":\"c\"}");

    assertThat(r.choice("codec", Codec.class, Enum::name, Codec.NONE)).isEqualTo(Codec.GZIP);
    assertThat(r.strings("l")).isEqualTo(List.of("a", "b"));
    assertThat(r.strings("one")).isEqualTo(List.of("c"));
    r.throwIfProblems();
  }

  @Test
  void appliesDefaults() throws Exception {
    ConfigReader r = reader("{}");

    assertThat(r.integer("n", 7)).isEqualTo(7);
    assertThat(r.bool("b", true)).isTrue();
    assertThat(r.string("s", "d")).isEqualTo("d");
    assertThat(r.problems()).isEmpty();
  }
}
