package dev.awsconnectors.destination.s3.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GenerationCleanerTest {
  private static final StreamDescriptor USERS = new StreamDescriptor("users", null);
  private static final String TAG = StreamTag.of(USERS);
  private final InMemoryObjectStore store = new InMemoryObjectStore();

  @Test
  void deletesOnlyMatchingTaggedOlderObjectsNotWrittenByThisSync() {
    store.seed("p/users/1_0.csv", new byte[0], Map.of("ab-stream", TAG, "ab-generation-id", "1"));
    store.seed("p/users/2_0.csv", new byte[0], Map.of("ab-stream", TAG, "ab-generation-id", "2"));
    store.seed("p/users/2_1.csv", new byte[0], Map.of("ab-stream", TAG, "ab-generation-id", "2"));
    store.seed("p/users/1_1.csv", new byte[0], Map.of("ab-generation-id", "1"));
    store.seed("p/users/readme", new byte[0], Map.of("ab-stream", TAG, "ab-generation-id", "1"));
    store.seed("p/users_old/1_0.csv", new byte[0], Map.of("ab-stream", TAG, "ab-generation-id", "1"));
    GenerationCleaner cleaner = new GenerationCleaner(store, Runnable::run);
    GenerationCleaner.Outcome outcome = cleaner.clean(new GenerationCleaner.Plan(USERS, TAG,
        new Truncation(Truncation.Kind.GENERATIONS_BELOW, 2), "p/users/",
        Pattern.compile("p/users/[0-9]+_[0-9]+\\.csv"), Set.of("p/users/2_1.csv")));
    assertThat(outcome).isEqualTo(new GenerationCleaner.Outcome(1, 1, 1, 1));
    assertThat(store.objects()).containsOnlyKeys("p/users/2_0.csv", "p/users/2_1.csv", "p/users/1_1.csv",
        "p/users/readme", "p/users_old/1_0.csv");
    assertThat(store.count(InMemoryObjectStore.Op.HEAD)).isEqualTo(3);
  }

  @Test
  void doesNothingWhenNothingMatches() {
    GenerationCleaner cleaner = new GenerationCleaner(store, Runnable::run);
    assertThat(cleaner.clean(new GenerationCleaner.Plan(USERS, TAG, new Truncation(Truncation.Kind.ALL_PREVIOUS, 0),
        "p/", Pattern.compile("p/.*"), Set.of()))).isEqualTo(new GenerationCleaner.Outcome(0, 0, 0, 0));
  }
}
