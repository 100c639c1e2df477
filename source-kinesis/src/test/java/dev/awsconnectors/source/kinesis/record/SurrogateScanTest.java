package dev.awsconnectors.source.kinesis.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurrogateScanTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static String show(byte[] payload) {
    StringBuilder s = new StringBuilder();
    for (byte b : payload) {
      s.append(String.format("%02x ", b & 0xFF));
    }
    return s.toString();
  }

  @Test
  void anEscapedSurrogateInEitherCaseMayBeLoneEvenWhenAnEscapedPairFollows() {
    for (String json : List.of("\"\\ud800\"", "\"\\uD800\"", "\"\\udc00\"", "\"\\uDFFF\"", "\"\\ud83d\\ude00\"",
        "{\"a\\udbff\":1}", "\"\\n\\ud800\"", "\"\\\\\\ud800\"", "\\uD")) {
      assertThat(SurrogateScan.mayHoldLoneSurrogate(utf8(json))).as(json).isTrue();
    }
  }

  @Test
  void otherEscapesAndAnEscapedBackslashBeforeUdAreNotSurrogates() {
    for (String json : List.of("", "{}", "\"plain\"", "\"\\u00e9\"", "\"\\uE000\"", "\"\\uc800\"", "\"\\\\ud800\"",
        "\"\\\\\\\\ud800\"", "\"\\\"ud800\"", "\"ud800\"", "\"\\u", "\\u", "\\", "\"x\\\\\"")) {
      assertThat(SurrogateScan.mayHoldLoneSurrogate(utf8(json))).as(json).isFalse();
    }
  }

  @Test
  void theUtf8OfASurrogateMayBeLoneButFourBytePairsAndTheNeighboursOfTheRangeAreNot() {
    for (byte[] payload : List.of(bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF), bytes('"', 0xED, 0xB0, 0x80),
        bytes(0xED, 0xA0))) {
      assertThat(SurrogateScan.mayHoldLoneSurrogate(payload)).as(show(payload)).isTrue();
    }
    for (byte[] payload : List.of(bytes(0xED, 0x9F, 0xBF), bytes(0xED, 0xC0), bytes(0xEC, 0xA0, 0x80),
        bytes(0xEE, 0x80, 0x80), bytes(0xED), bytes('"', 0xED), utf8("\"\uD83D\uDE00 é 中\""))) {
      assertThat(SurrogateScan.mayHoldLoneSurrogate(payload)).as(show(payload)).isFalse();
    }
  }

  @Test
  void aKeyHasASurrogatePairedOrNot() {
    for (String key : List.of("\uD83D\uDE00", "a\uD800", "\uDC00b", "k\uDBFF\uDFFF")) {
      assertThat(SurrogateScan.hasSurrogate(key)).as(key).isTrue();
    }
    for (String key : new String[] {null, "", "key", "é中\uD7FF\uE000"}) {
      assertThat(SurrogateScan.hasSurrogate(key)).as(String.valueOf(key)).isFalse();
    }
  }

  @Test
  void aRecordGoesToTheTreeForAJsonPayloadsLoneSurrogateOrAnyKeysSurrogate() {
    byte[] lone = utf8("{\"a\":\"\\ud800\"}");
    byte[] clean = utf8("{\"a\":\"\uD83D\uDE00\"}");
    assertThat(SurrogateScan.forcesTree(true, lone, "k", null)).isTrue();
    assertThat(SurrogateScan.forcesTree(false, lone, "k", null)).as("a payload in base64 is not scanned").isFalse();
    assertThat(SurrogateScan.forcesTree(true, clean, "k", null)).isFalse();
    assertThat(SurrogateScan.forcesTree(true, clean, "k", "123")).isFalse();
    assertThat(SurrogateScan.forcesTree(false, clean, "k\uD83D\uDE00", null)).as("partition key").isTrue();
    assertThat(SurrogateScan.forcesTree(false, clean, "k", "\uDC00")).as("explicit hash key").isTrue();
  }
}
