package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import dev.awsconnectors.destination.s3.storage.FileKeys.Use;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore;
import dev.awsconnectors.destination.s3.support.InMemoryObjectStore.Op;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FileKeysTest {
  private static final Instant T = Instant.parse("2024-01-31T10:00:00Z");
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private FileKeys keys(String pattern) {
    return new FileKeys(store, FileNameTemplate.parse(pattern, ".csv"), executor);
  }

  private static String get(CompletableFuture<String> key) throws Exception {
    return key.get(30, TimeUnit.SECONDS);
  }

  private static String claim(FileKeys keys, String directory, Use use) throws Exception {
    return get(keys.directory(directory, T, "").claim(T, "", use));
  }

  private void seed(String key) {
    store.seed(key, new byte[0], Map.of());
  }

  @Test
  void numbersFilesFromZeroInAnEmptyDirectoryWithOneListingRequest() throws Exception {
    FileKeys keys = keys(null);
    assertThat(claim(keys, "p/s_", Use.PUT)).isEqualTo("p/s_0.csv");
    assertThat(claim(keys, "p/s_", Use.MULTIPART)).isEqualTo("p/s_1.csv");
    assertThat(claim(keys, "p/t_", Use.PUT)).isEqualTo("p/t_0.csv");
    assertThat(store.count(Op.LIST)).isEqualTo(2);
    assertThat(store.count(Op.HEAD)).as("every name is known: nothing to check").isZero();
  }

  @Test
  void theDirectorysFirstFileStartsTheListingBeforeAnyKeyIsClaimed() throws Exception {
    IntStream.range(0, 2000).forEach(i -> seed("big/" + i + ".csv"));
    Deque<Runnable> tasks = new ArrayDeque<>();
    FileKeys keys = new FileKeys(store, FileNameTemplate.parse(null, ".csv"), tasks::add);
    FileKeys.Directory directory = keys.directory("big/", T, "");
    keys.directory("big/", T, "");
    assertThat(tasks).as("the listing and search, handed to the upload threads as the first file opens").hasSize(1);
    tasks.poll().run();
    assertThat(store.count(Op.LIST)).isEqualTo(1);
    assertThat(store.count(Op.HEAD)).as("the search ran before any key was claimed").isPositive();
    CompletableFuture<String> key = directory.claim(T, "", Use.PUT);
    while (!tasks.isEmpty()) {
      tasks.poll().run();
    }
    assertThat(get(key)).isEqualTo("big/2000.csv");
    assertThat(store.count(Op.LIST)).as("one listing, whoever asks").isEqualTo(1);
  }

  @Test
  void continuesAfterTheHighestPartNumberOfAFullyListedDirectory() throws Exception {
    seed("p/s/3.csv");
    seed("p/s/7.csv");
    seed("p/s/other.txt");
    FileKeys keys = keys(null);
    assertThat(claim(keys, "p/s/", Use.PUT)).isEqualTo("p/s/8.csv");
    assertThat(claim(keys, "p/s/", Use.MULTIPART)).isEqualTo("p/s/9.csv");
    assertThat(store.count(Op.LIST)).isEqualTo(1);
    assertThat(store.count(Op.HEAD)).isZero();
  }

  @Test
  void findsTheEndOfALargeDirectoryWithOnePageAndFewHeadRequests() throws Exception {
    IntStream.range(0, 5000).forEach(i -> seed("big/" + i + ".csv"));
    FileKeys keys = keys(null);
    assertThat(claim(keys, "big/", Use.PUT)).isEqualTo("big/5000.csv");
    assertThat(store.count(Op.LIST)).isEqualTo(1);
    // Questions asked together, a round trip per round: at most 8 rounds for these 5,000 numbers.
    assertThat(store.count(Op.HEAD)).isLessThanOrEqualTo(8 * FileKeys.QUESTIONS_AT_ONCE);
    int heads = store.count(Op.HEAD);
    assertThat(claim(keys, "big/", Use.PUT)).as("conditional PUT: no check").isEqualTo("big/5001.csv");
    assertThat(store.count(Op.HEAD)).isEqualTo(heads);
    seed("big/5002.csv");
    assertThat(claim(keys, "big/", Use.MULTIPART)).as("not every name is known: a multipart key is checked")
        .isEqualTo("big/5003.csv");
  }

  @Test
  void checksAKeyClaimedAfterAClash() throws Exception {
    FileKeys keys = keys(null);
    FileKeys.Directory directory = keys.directory("p/", T, "");
    assertThat(get(directory.claim(T, "", Use.PUT))).isEqualTo("p/0.csv");
    IntStream.range(1, 40).forEach(i -> seed("p/" + i + ".csv"));
    assertThat(get(directory.claim(T, "", Use.PUT))).as("not checked: the conditional write will tell")
        .isEqualTo("p/1.csv");
    directory.clashed();
    assertThat(get(directory.claim(T, "", Use.AFTER_CLASH))).isEqualTo("p/40.csv");
    seed("p/41.csv");
    assertThat(get(directory.claim(T, "", Use.MULTIPART))).as("after a clash the names are no longer all known")
        .isEqualTo("p/42.csv");
  }

  @Test
  void checksEveryKeyOnAStoreWithoutConditionalWrites() throws Exception {
    store.withoutConditionalWrites();
    FileKeys keys = keys(null);
    FileKeys.Directory directory = keys.directory("p/", T, "");
    assertThat(get(directory.claim(T, "", Use.PUT))).isEqualTo("p/0.csv");
    seed("p/1.csv");
    assertThat(get(directory.claim(T, "", Use.PUT))).isEqualTo("p/2.csv");
  }

  @Test
  void addsASuffixWhenThePatternHasNoPartNumber() throws Exception {
    seed("p/2024_01_31.csv");
    FileKeys keys = keys("{date}{format_extension}");
    assertThat(claim(keys, "p/", Use.MULTIPART)).isEqualTo("p/2024_01_31-1.csv");
    assertThat(claim(keys, "p/", Use.MULTIPART)).isEqualTo("p/2024_01_31-2.csv");
    assertThat(store.count(Op.LIST)).as("names without numbers are checked, not listed").isZero();
    Instant tomorrow = T.plusSeconds(86_400);
    assertThat(get(keys.directory("p/", tomorrow, "").claim(tomorrow, "", Use.PUT))).isEqualTo("p/2024_02_01.csv");
  }

  @Test
  void neverGivesTheSameKeyTwiceInASync() throws Exception {
    FileKeys keys = keys("{timestamp}");
    assertThat(claim(keys, "p/", Use.PUT)).isEqualTo("p/" + T.toEpochMilli());
    assertThat(claim(keys, "p/", Use.PUT)).isEqualTo("p/" + T.toEpochMilli() + "-1");
  }

  @Test
  void servesClaimsInTheOrderTheyWereMade() throws Exception {
    IntStream.range(0, 1500).forEach(i -> seed("o/" + i + ".csv"));
    FileKeys.Directory directory = keys(null).directory("o/", T, "");
    List<CompletableFuture<String>> claims = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      claims.add(directory.claim(T, "", i % 3 == 0 ? Use.MULTIPART : Use.PUT));
    }
    for (int i = 0; i < 200; i++) {
      assertThat(get(claims.get(i))).isEqualTo("o/" + (1500 + i) + ".csv");
    }
  }

  @Test
  void narrowsTheListingWithTheFileNamesLiteralPrefix() throws Exception {
    claim(keys("part_{part_number}"), "out/s/", Use.PUT);
    assertThat(store.log()).contains("LIST out/s/part_");
  }

  @Test
  void refusesKeysLongerThanS3Allows() {
    FileKeys keys = keys(null);
    assertThatThrownBy(() -> keys.directory("p/" + "x".repeat(1100) + "/", T, ""))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("1024");
  }

  @Test
  void anEmptyNameGetsASuffix() throws Exception {
    assertThat(claim(keys("{sync_id}"), "p/", Use.PUT)).isEqualTo("p/-1");
  }

  @Test
  void aFailedListingFailsTheClaim() {
    store.failNext(Op.LIST, new dev.awsconnectors.commons.error.TransientErrorException("SlowDown"));
    assertThatThrownBy(() -> claim(keys(null), "p/", Use.PUT)).hasCauseInstanceOf(
        dev.awsconnectors.commons.error.TransientErrorException.class);
  }
}
