package dev.awsconnectors.commons.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnumSpellingsTest {
  private static final JsonNode SCHEMA = ProtocolCodec.readTreeUnchecked("{\"type\":\"object\",\"properties\":{"
      + "\"mode\":{\"enum\":[\"FAIL\",\"SKIP\"]},"
      + "\"clash\":{\"enum\":[\"a\",\"A\"]},"
      + "\"key\":{\"type\":\"string\",\"airbyte_secret\":true,\"enum\":[\"SECRET\"]},"
      + "\"tags\":{\"type\":\"array\",\"items\":{\"enum\":[\"Red\",\"Blue\"]}},"
      + "\"format\":{\"oneOf\":["
      + "{\"properties\":{\"format_type\":{\"const\":\"JSONL\"},\"codec\":{\"enum\":[\"GZIP\"]}}},"
      + "{\"properties\":{\"format_type\":{\"const\":\"Avro\"},\"codec\":{\"enum\":[\"snappy\"]}}}]}}}");

  private static JsonNode spelled(String config) {
    return EnumSpellings.canonical(SCHEMA, ProtocolCodec.readTreeUnchecked(config));
  }

  @Test
  void writesValuesAsTheSpecDoesWithTheVariantTheConfigChoseDeciding() {
    assertThat(spelled("{\"mode\":\"skip\",\"tags\":[\"red\",\"BLUE\"],\"format\":{\"format_type\":\"avro\","
        + "\"codec\":\"SNAPPY\"}}")).isEqualTo(ProtocolCodec.readTreeUnchecked("{\"mode\":\"SKIP\",\"tags\":"
        + "[\"Red\",\"Blue\"],\"format\":{\"format_type\":\"Avro\",\"codec\":\"snappy\"}}"));
    assertThat(spelled("{\"format\":{\"format_type\":\"jsonl\",\"codec\":\"gzip\"}}").at("/format/codec").asText())
        .isEqualTo("GZIP");
  }

  @Test
  void leavesAloneWhatIsAmbiguousUnknownSecretOrAlreadyRight() {
    JsonNode right = ProtocolCodec.readTreeUnchecked("{\"mode\":\"FAIL\"}");
    assertThat(EnumSpellings.canonical(SCHEMA, right)).isSameAs(right);
    assertThat(spelled("{\"clash\":\"a\",\"mode\":\"nope\",\"key\":\"secret\"}"))
        .isEqualTo(ProtocolCodec.readTreeUnchecked("{\"clash\":\"a\",\"mode\":\"nope\",\"key\":\"secret\"}"));
    assertThat(EnumSpellings.spelled("A", List.of("a", "A"))).isNull();
    assertThat(EnumSpellings.spelled("b", List.of("a", "A"))).isNull();
  }
}
