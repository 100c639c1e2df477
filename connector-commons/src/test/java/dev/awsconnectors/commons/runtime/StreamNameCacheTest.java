package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamNameCacheTest {
  private final StreamNameCache cache = new StreamNameCache();

  /** The text of {@code name}, read from the middle of a larger array as the scanner reads it. */
  private String text(String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    byte[] line = new byte[utf8.length + 10];
    System.arraycopy(utf8, 0, line, 5, utf8.length);
    return cache.text(line, 5, utf8.length);
  }

  @Test
  void interleavedStreamsEachKeepTheirStringsAndDescriptor() {
    Map<String, StreamDescriptor> first = new HashMap<>();
    for (int round = 0; round < 3; round++) {
      for (int s = 0; s < 20; s++) {
        String name = text("table_" + s);
        String namespace = text("public");
        StreamDescriptor d = cache.descriptor(name, namespace);
        assertThat(d).isEqualTo(new StreamDescriptor("table_" + s, "public"));
        if (round == 0) {
          first.put(name, d);
        } else {
          assertThat(d).as("round %d, stream %d", round, s).isSameAs(first.get("table_" + s));
          assertThat(d.name()).isSameAs(name);
        }
      }
    }
  }

  @Test
  void namespacesTellStreamsOfTheSameNameApart() {
    String name = text("users");
    StreamDescriptor none = cache.descriptor(name, null);
    StreamDescriptor a = cache.descriptor(name, text("a"));
    StreamDescriptor b = cache.descriptor(name, text("b"));

    assertThat(none).isEqualTo(new StreamDescriptor("users", null));
    assertThat(a).isEqualTo(new StreamDescriptor("users", "a"));
    assertThat(b).isEqualTo(new StreamDescriptor("users", "b"));
    assertThat(cache.descriptor(name, text("a"))).isEqualTo(a);
  }

  @Test
  void moreNamesThanSlotsAreStillReadRightAndUnicodeIsDecoded() {
    for (int round = 0; round < 2; round++) {
      for (int s = 0; s < 4 * StreamNameCache.SLOTS; s++) {
        String expected = "stream-" + s + "-日本-😀";
        String name = text(expected);
        assertThat(name).isEqualTo(expected);
        assertThat(cache.descriptor(name, null)).isEqualTo(new StreamDescriptor(expected, null));
      }
    }
    assertThat(text("")).isEmpty();
  }
}
