package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyAllocatorTest {
  private static final Instant T = Instant.parse("2024-01-31T10:00:00Z");
  private final InMemoryObjectStore store = new InMemoryObjectStore();

  private KeyAllocator allocator(String pattern) {
    return new KeyAllocator(store, FileNameTemplate.parse(pattern, ".csv"));
  }

  @Test
  void numbersFilesFromZeroInAnEmptyDirectory() {
    KeyAllocator keys = allocator(null);
    assertThat(keys.allocate("p/s_", T, "")).isEqualTo("p/s_0.csv");
    assertThat(keys.allocate("p/s_", T, "")).isEqualTo("p/s_1.csv");
    assertThat(keys.allocate("p/t_", T, "")).isEqualTo("p/t_0.csv");
  }

  @Test
  void continuesAfterTheHighestExistingPartNumberAndListsOncePerDirectory() {
    store.seed("p/s/3.csv", new byte[0], Map.of());
    store.seed("p/s/7.csv", new byte[0], Map.of());
    store.seed("p/s/other.txt", new byte[0], Map.of());
    KeyAllocator keys = allocator(null);
    assertThat(keys.allocate("p/s/", T, "")).isEqualTo("p/s/8.csv");
    assertThat(keys.allocate("p/s/", T, "")).isEqualTo("p/s/9.csv");
    assertThat(store.count(InMemoryObjectStore.Op.LIST)).isEqualTo(1);
  }

  @Test
  void addsASuffixWhenThePatternHasNoPartNumber() {
    store.seed("p/2024_01_31.csv", new byte[0], Map.of());
    KeyAllocator keys = allocator("{date}{format_extension}");
    assertThat(keys.allocate("p/", T, "")).isEqualTo("p/2024_01_31-1.csv");
    assertThat(keys.allocate("p/", T, "")).isEqualTo("p/2024_01_31-2.csv");
  }

  @Test
  void neverGivesTheSameKeyTwiceInASync() {
    KeyAllocator keys = allocator("{timestamp}");
    String first = keys.allocate("p/", T, "");
    String second = keys.allocate("p/", T, "");
    assertThat(first).isEqualTo("p/" + T.toEpochMilli());
    assertThat(second).isEqualTo("p/" + T.toEpochMilli() + "-1");
  }

  @Test
  void narrowsTheListingWithTheFileNamesLiteralPrefix() {
    allocator("part_{part_number}").allocate("out/s/", T, "");
    assertThat(store.log()).contains("LIST out/s/part_");
  }

  @Test
  void reallocatesAfterAClashFoundAtWriteTime() {
    KeyAllocator keys = allocator(null);
    String first = keys.allocate("p/", T, "");
    String other = keys.reallocate(first, T, "");
    assertThat(first).isEqualTo("p/0.csv");
    assertThat(other).isEqualTo("p/1.csv");
  }

  @Test
  void refusesKeysLongerThanS3Allows() {
    KeyAllocator keys = allocator(null);
    assertThatThrownBy(() -> keys.allocate("p/" + "x".repeat(1100) + "/", T, ""))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("1024");
  }

  @Test
  void anEmptyNameGetsASuffix() {
    assertThat(allocator("{sync_id}").allocate("p/", T, "")).isEqualTo("p/-1");
  }
}
