package dev.awsconnectors.destination.s3.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.storage.ObjectBody;
import dev.awsconnectors.destination.s3.storage.ObjectStore;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
    GenerationCleaner cleaner = new GenerationCleaner(store, Runnable::run, 4);
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
    GenerationCleaner cleaner = new GenerationCleaner(store, Runnable::run, 4);
    assertThat(cleaner.clean(new GenerationCleaner.Plan(USERS, TAG, new Truncation(Truncation.Kind.ALL_PREVIOUS, 0),
        "p/", Pattern.compile("p/.*"), Set.of()))).isEqualTo(new GenerationCleaner.Outcome(0, 0, 0, 0));
  }

  @Test
  void deletesInBatchesOfAtMostAThousandKeys() {
    for (int i = 0; i < 2500; i++) {
      store.seed("p/users/" + i + ".csv", new byte[0], Map.of("ab-stream", TAG, "ab-generation-id", "1"));
    }
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      GenerationCleaner.Outcome outcome = new GenerationCleaner(store, executor, 8).clean(plan("p/users/"));
      assertThat(outcome.deleted()).isEqualTo(2500);
    } finally {
      executor.shutdownNow();
    }
    assertThat(store.objects()).isEmpty();
    assertThat(store.count(InMemoryObjectStore.Op.DELETE)).isEqualTo(3);
  }

  @Test
  void readsAtMostTheGivenNumberOfObjectsMetadataAtOnce() {
    for (int i = 0; i < 300; i++) {
      store.seed("p/users/" + i + ".csv", new byte[0], Map.of("ab-stream", TAG, "ab-generation-id", "1"));
    }
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(16);
    ObjectStore counting = new CountingReads(store, running, most);
    try {
      new GenerationCleaner(counting, executor, 3).clean(plan("p/users/"));
    } finally {
      executor.shutdownNow();
    }
    assertThat(most.get()).isBetween(1, 3);
    assertThat(store.objects()).isEmpty();
  }

  @Test
  void aFailedReadFailsTheCleanupAndDeletesNothingAfterIt() {
    for (int i = 0; i < 10; i++) {
      store.seed("p/users/" + i + ".csv", new byte[0], Map.of("ab-stream", TAG, "ab-generation-id", "1"));
    }
    store.failNext(InMemoryObjectStore.Op.HEAD, new TransientErrorException("SlowDown"));
    GenerationCleaner cleaner = new GenerationCleaner(store, Runnable::run, 2);
    assertThatThrownBy(() -> cleaner.clean(plan("p/users/"))).isInstanceOf(TransientErrorException.class);
    assertThat(store.count(InMemoryObjectStore.Op.DELETE)).isZero();
    assertThat(store.objects()).hasSize(10);
  }

  private static GenerationCleaner.Plan plan(String prefix) {
    return new GenerationCleaner.Plan(USERS, TAG, new Truncation(Truncation.Kind.ALL_PREVIOUS, 0), prefix,
        Pattern.compile(Pattern.quote(prefix) + "[0-9]+\\.csv"), Set.of());
  }

  /** Counts the metadata reads running at once. */
  private static final class CountingReads implements ObjectStore {
    private final ObjectStore store;
    private final AtomicInteger running;
    private final AtomicInteger most;

    CountingReads(ObjectStore store, AtomicInteger running, AtomicInteger most) {
      this.store = store;
      this.running = running;
      this.most = most;
    }

    @Override
    public Optional<Map<String, String>> metadata(String key) {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(1);
        return store.metadata(key);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        running.decrementAndGet();
      }
    }

    @Override
    public void put(NewObject object, ObjectBody body) {
      store.put(object, body);
    }

    @Override
    public boolean conditionalWrites() {
      return store.conditionalWrites();
    }

    @Override
    public String startMultipart(NewObject object) {
      return store.startMultipart(object);
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, ObjectBody body) {
      return store.uploadPart(key, uploadId, partNumber, body);
    }

    @Override
    public void completeMultipart(String key, String uploadId, List<Part> parts) {
      store.completeMultipart(key, uploadId, parts);
    }

    @Override
    public void abortMultipart(String key, String uploadId) {
      store.abortMultipart(key, uploadId);
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> each) {
      store.list(prefix, each);
    }

    @Override
    public Page firstPage(String prefix, int maxKeys) {
      return store.firstPage(prefix, maxKeys);
    }

    @Override
    public byte[] get(String key) {
      return store.get(key);
    }

    @Override
    public void delete(Collection<String> keys) {
      store.delete(keys);
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
