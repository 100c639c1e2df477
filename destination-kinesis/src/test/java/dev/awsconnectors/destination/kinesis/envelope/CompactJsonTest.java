package dev.awsconnectors.destination.kinesis.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompactJsonTest {
  private final CompactJson compact = new CompactJson();

  private String compact(String text) throws Exception {
    return new String(compact.compact(text), StandardCharsets.UTF_8);
  }

  @Test
  void removesWhitespaceBetweenTokensAndKeepsEverythingElseAsWritten() throws Exception {
    assertThat(compact(" {\n  \"a\" : [ 1 , 2.50 , -0.0, 1e5, 1E+400 ],\r\n \"b\": { \"c\" : null },"
        + " \"d\": \"x  y\\n\\\"q \\\" \\u00e9 😀 \\\\\", \"e\": true,\t\"f\": false }\n"))
        .isEqualTo("{\"a\":[1,2.50,-0.0,1e5,1E+400],\"b\":{\"c\":null},\"d\":\"x  y\\n\\\"q \\\" \\u00e9 😀 \\\\\","
            + "\"e\":true,\"f\":false}");
    assertThat(compact("\"just a string\"")).isEqualTo("\"just a string\"");
    assertThat(compact(" 12.3400 ")).isEqualTo("12.3400");
    assertThat(compact("[]")).isEqualTo("[]");
    assertThat(compact("{\"k\":\"v\"}")).isEqualTo("{\"k\":\"v\"}");
    assertThat(compact.compact("{\"é\": \"😀\"}")).isEqualTo("{\"é\":\"😀\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void refusesTextThatIsNotOneJsonValue() {
    assertThatThrownBy(() -> compact.compact("{\"a\":1,}")).isInstanceOf(CompactJson.InvalidJsonException.class)
        .hasMessageContaining("line 1, column 8");
    assertThatThrownBy(() -> compact.compact("{\"name\": \"Zoë \"Z\"\"}"))
        .isInstanceOf(CompactJson.InvalidJsonException.class).hasMessageContaining("line 1");
    assertThatThrownBy(() -> compact.compact("{\"a\":1}\n{\"b\":2}"))
        .isInstanceOf(CompactJson.InvalidJsonException.class).hasMessageContaining("more text follows")
        .hasMessageContaining("line 2, column 1");
    assertThatThrownBy(() -> compact.compact("  \n ")).isInstanceOf(CompactJson.InvalidJsonException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> compact.compact("{\"a\":")).isInstanceOf(CompactJson.InvalidJsonException.class);
    assertThatThrownBy(() -> compact.compact("{\"age\": }")).isInstanceOf(CompactJson.InvalidJsonException.class);
    assertThatThrownBy(() -> compact.compact("NaN")).isInstanceOf(CompactJson.InvalidJsonException.class);
    assertThatThrownBy(() -> compact.compact("{\"a\":\"raw\nline break\"}"))
        .isInstanceOf(CompactJson.InvalidJsonException.class);
    assertThatThrownBy(() -> compact.compact("{\"a\":\"bad \\x escape\"}"))
        .isInstanceOf(CompactJson.InvalidJsonException.class);
    assertThatThrownBy(() -> compact.compact("[1, 2")).isInstanceOf(CompactJson.InvalidJsonException.class);
  }

  @Test
  void refusesANameWrittenTwice() {
    assertThatThrownBy(() -> compact.compact("{\"a\":1,\"b\":{\"a\":2},\"a\":3}"))
        .isInstanceOf(CompactJson.InvalidJsonException.class).hasMessageContaining("'a'");
  }
}
