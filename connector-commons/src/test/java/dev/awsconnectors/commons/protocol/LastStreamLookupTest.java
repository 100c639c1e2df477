package dev.awsconnectors.commons.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LastStreamLookupTest {
  private final List<StreamDescriptor> asked = new ArrayList<>();
  private final LastStreamLookup<String> lookup = new LastStreamLookup<>(s -> {
    asked.add(s);
    return s.namespace() + "/" + s.name();
  });

  @Test
  void aRunOfOneStreamAsksOnceEvenWithANewDescriptorPerRecord() {
    for (int i = 0; i < 5; i++) {
      assertThat(lookup.get(new StreamDescriptor("users", "public"))).isEqualTo("public/users");
    }
    assertThat(asked).hasSize(1);
  }

  @Test
  void everyChangeOfStreamAsksAgainWithTheNewStream() {
    StreamDescriptor a = new StreamDescriptor("a", null);
    StreamDescriptor b = new StreamDescriptor("a", "ns"); // same name, other namespace: another stream
    assertThat(lookup.get(a)).isEqualTo("null/a");
    assertThat(lookup.get(b)).isEqualTo("ns/a");
    assertThat(lookup.get(a)).isEqualTo("null/a");
    assertThat(lookup.get(new StreamDescriptor("a", null))).isEqualTo("null/a");
    assertThat(asked).containsExactly(a, b, a);
  }

  @Test
  void aNullAnswerIsKeptToo() {
    LastStreamLookup<String> none = new LastStreamLookup<>(s -> {
      asked.add(s);
      return null;
    });
    StreamDescriptor s = new StreamDescriptor("s", null);
    assertThat(none.get(s)).isNull();
    assertThat(none.get(s)).isNull();
    assertThat(asked).containsExactly(s);
  }
}
