package dev.awsconnectors.format.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineSeparatorEscapingTest {

  @Test
  void escapesBothSeparatorsWhereverTheWritesAreCutAndNothingElse() throws IOException {
    // U+2028, U+2029 and other characters whose UTF-8 starts with the same byte (€ E2 82 AC, … E2 80 A6).
    String text = "{\"a\":\"x\u2028y\u2029z € … \u2028\u2028\",\"b\":\"日本\"}\u2029";
    String expected = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut <= utf8.length; cut++) { // every chunk size, so every character is split somewhere
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      LineSeparatorEscaping escaping = new LineSeparatorEscaping(out);
      for (int off = 0; off < utf8.length; off += cut) {
        escaping.write(utf8, off, Math.min(cut, utf8.length - off));
      }
      escaping.drain();
      assertThat(out.toString(StandardCharsets.UTF_8)).as("chunks of %d bytes", cut).isEqualTo(expected);
    }
  }

  @Test
  void anIncompleteCharacterAtTheEndIsWrittenAsItCame() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineSeparatorEscaping escaping = new LineSeparatorEscaping(out);
    escaping.write(new byte[] {'a', (byte) 0xE2, (byte) 0x80}, 0, 3);
    escaping.drain();
    assertThat(out.toByteArray()).containsExactly('a', (byte) 0xE2, (byte) 0x80);
  }
}
