package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineOutputStreamTest {

  @Test
  void handsOverEachLineWhateverTheWritesLookLike() {
    List<String> lines = new ArrayList<>();
    LineOutputStream out = new LineOutputStream(lines::add);
    byte[] text = "first\nsecond line, zoë ✓\r\n\nthird".getBytes(StandardCharsets.UTF_8);
    out.write(text, 0, 3);
    out.write(text, 3, 9);
    for (int i = 12; i < 20; i++) {
      out.write(text[i]);
    }
    out.write(text, 20, text.length - 20);
    assertThat(lines).containsExactly("first", "second line, zoë ✓", "");
    out.flush();
    assertThat(lines).containsExactly("first", "second line, zoë ✓", "", "third");
    out.flush();
    assertThat(lines).hasSize(4);
  }

  @Test
  void oneWriteOfManyLinesGivesEachLine() {
    List<String> lines = new ArrayList<>();
    LineOutputStream out = new LineOutputStream(lines::add);
    out.write("a\nb\nc\n".getBytes(StandardCharsets.UTF_8), 0, 6);
    assertThat(lines).containsExactly("a", "b", "c");
  }
}
