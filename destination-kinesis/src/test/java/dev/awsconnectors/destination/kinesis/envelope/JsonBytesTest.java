package dev.awsconnectors.destination.kinesis.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonBytesTest {

  @Test
  void secondsAreSpeltAsBigDecimalSpellsThem() {
    Random random = new Random(3);
    long[] edges = {0, 1, -1, 999, -999, 1000, -1000, 1001, -1001, 1_700_000_000_123L, -1_700_000_000_005L,
        Long.MAX_VALUE, Long.MIN_VALUE};
    JsonBytes json = new JsonBytes();
    for (long millis : edges) {
      assertThat(json.reset().seconds(millis).toString()).isEqualTo(BigDecimal.valueOf(millis, 3).toPlainString());
    }
    for (int i = 0; i < 10_000; i++) {
      long millis = random.nextLong() >> random.nextInt(64);
      assertThat(json.reset().seconds(millis).toString()).isEqualTo(BigDecimal.valueOf(millis, 3).toPlainString());
    }
  }

  @Test
  void compactJsonAsAStringReadsBackAsTheSameText() throws Exception {
    String compact = "{\"a\\\"b\":\"\\\\ \\u0000 \\n é 😀 \u2028 \u007f\",\"n\":[1.50,-0,1E400],\"o\":{}}";
    byte[] text = new JsonBytes().reset().ascii("[").string(compact.getBytes(StandardCharsets.UTF_8)).ascii(",")
        .number(-42).ascii(",").raw("{\"x\":1}".getBytes(StandardCharsets.UTF_8)).ascii("]").toByteArray();

    var array = ProtocolCodec.mapper().readTree(text);
    assertThat(array.get(0).textValue()).isEqualTo(compact);
    assertThat(array.get(1).longValue()).isEqualTo(-42);
    assertThat(array.get(2).get("x").intValue()).isEqualTo(1);
  }

  @Test
  void escapesEveryQuoteAndBackslashWhereverItFallsInAWord() {
    Random random = new Random(11);
    byte[] alphabet = "\"\\ab\u00e9".getBytes(StandardCharsets.UTF_8);
    JsonBytes json = new JsonBytes();
    for (int n = 0; n < 5_000; n++) {
      byte[] text = new byte[random.nextInt(40)];
      for (int i = 0; i < text.length; i++) {
        // Mostly plain bytes, so that runs of every length come between the bytes to escape.
        text[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(2)]
            : alphabet[2 + random.nextInt(alphabet.length - 2)];
      }
      StringBuilder expected = new StringBuilder("\"");
      for (byte b : text) {
        if (b == '"' || b == '\\') {
          expected.append('\\');
        }
        expected.append((char) (b & 0xFF));
      }
      expected.append('"');
      assertThat(json.reset().string(text).toByteArray()).as(expected.toString())
          .isEqualTo(expected.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void growsPastItsFirstBuffer() {
    byte[] big = ("\"" + "x".repeat(5_000) + "\"").getBytes(StandardCharsets.US_ASCII);
    JsonBytes json = new JsonBytes();

    assertThat(json.reset().raw(big).toByteArray()).isEqualTo(big);
    assertThat(json.reset().ascii("1").toByteArray()).containsExactly('1');
  }
}
