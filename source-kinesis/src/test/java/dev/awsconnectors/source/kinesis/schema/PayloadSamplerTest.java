package dev.awsconnectors.source.kinesis.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.KplRecords;
import dev.awsconnectors.source.kinesis.shard.FakeKinesis;
import dev.awsconnectors.source.kinesis.shard.IteratorPosition;
import dev.awsconnectors.source.kinesis.shard.RecordsPage;
import dev.awsconnectors.source.kinesis.shard.ShardDescription;
import dev.awsconnectors.source.kinesis.shard.ShardReadException;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import dev.awsconnectors.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PayloadSamplerTest {
  private final FakeKinesis kinesis = new FakeKinesis();
  private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));
  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private static List<ShardDescription> shards(String... ids) {
    List<ShardDescription> out = new ArrayList<>();
    for (String id : ids) {
      out.add(ShardDescription.root(id));
    }
    return out;
  }

  private static String[] payloads(int from, int to, String fields) {
    String[] out = new String[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = "{\"id\":" + i + fields + "}";
    }
    return out;
  }

  private PayloadSampler sampler(ShardReaderClient client) {
    return new PayloadSampler(client, executor, clock, Duration.ofSeconds(5));
  }

  private static JsonNode properties(PayloadSampler.Sample sample) {
    return sample.inference().schema().orElseThrow().get("properties");
  }

  @Test
  void readsTheOldestAndTheNewestRecordsOfEveryShardAndNothingInBetween() throws Exception {
    kinesis.stream("s", "a", "b");
    kinesis.put("s", "a", "k", payloads(0, 100, ",\"old\":true"));
    kinesis.put("s", "a", "k", payloads(100, 200, ",\"middle\":1"));
    kinesis.put("s", "a", "k", payloads(200, 300, ",\"new\":\"2024-05-01T10:00:00Z\""));
    kinesis.put("s", "b", "k", payloads(0, 2, ",\"b\":[1]"));
    PayloadSampler.Sample sample = sampler(kinesis).sample("s", shards("a", "b"), 8, Duration.ofSeconds(10));
    JsonNode properties = properties(sample);
    assertThat(properties.fieldNames()).toIterable().containsExactly("id", "old", "new", "b");
    assertThat(properties.get("new").toString()).isEqualTo("{\"type\":[\"null\",\"string\"],\"format\":\"date-time\","
        + "\"airbyte_type\":\"timestamp_with_timezone\"}");
    assertThat(sample.records()).isEqualTo(6); // 2 oldest + 2 newest of a; b's 2 oldest, after which it is at its tip
    assertThat(sample.shards()).isEqualTo(2);
    assertThat(sample.shardsSampled()).isEqualTo(2);
    assertThat(sample.complete()).isTrue();
    assertThat(kinesis.calls()).allMatch(c -> c.startsWith("shardIterator ") || c.startsWith("getRecords "))
        .contains("shardIterator a TRIM_HORIZON", "shardIterator b TRIM_HORIZON")
        .anyMatch(c -> c.startsWith("shardIterator a AT_TIMESTAMP"))
        .noneMatch(c -> c.startsWith("shardIterator b AT_TIMESTAMP"));
  }

  @Test
  void aShardWhoseRecordsAreAllRecentIsReadOnce() throws Exception {
    kinesis.stream("s", "a");
    kinesis.put("s", "a", "k", payloads(0, 4, "")); // 3 s between the first and the last, the window is 5 s
    PayloadSampler.Sample sample = sampler(kinesis).sample("s", shards("a"), 2, Duration.ofSeconds(10));
    assertThat(sample.records()).isEqualTo(1);
    assertThat(kinesis.calls()).containsExactly("shardIterator a TRIM_HORIZON", "getRecords s/a/0 1");
  }

  @Test
  void theLimitCountsTheUserRecordsOfKplAggregates() throws Exception {
    List<UserRecord> users = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      users.add(new UserRecord("k" + i, null, ("{\"n\":" + i + (i >= 2 ? ",\"late\":true" : "") + "}")
          .getBytes(StandardCharsets.UTF_8)));
    }
    kinesis.stream("s", "a");
    kinesis.putBytes("s", "a", "k", List.of(KplRecords.ours(users).data()));
    PayloadSampler.Sample sample = sampler(kinesis).sample("s", shards("a"), 4, Duration.ofSeconds(10));
    assertThat(sample.records()).isEqualTo(2);
    assertThat(properties(sample).fieldNames()).toIterable().containsExactly("n");
  }

  @Test
  void theFieldOrderFollowsTheShardOrderWhicheverShardAnswersFirst() throws Exception {
    kinesis.stream("s", "a", "b");
    kinesis.put("s", "a", "k", "{\"from_a\":1}");
    kinesis.put("s", "b", "k", "{\"from_b\":1}");
    CountDownLatch bDone = new CountDownLatch(1);
    ShardReaderClient slowA = new Delegate(kinesis, iterator -> {
      if (iterator.startsWith("s/a/")) {
        await(bDone);
      }
    }, iterator -> {
      if (iterator.startsWith("s/b/")) {
        bDone.countDown();
      }
    });
    PayloadSampler.Sample sample = sampler(slowA).sample("s", shards("a", "b"), 100, Duration.ofSeconds(10));
    assertThat(properties(sample).fieldNames()).toIterable().containsExactly("from_a", "from_b");
  }

  @Test
  void payloadsThatAreNotJsonObjectsAreCountedAndAStreamWithoutAnyGivesNoSchema() throws Exception {
    kinesis.stream("s", "a");
    kinesis.put("s", "a", "k", "plain text", "[1,2]", "{\"ok\":true}");
    PayloadSampler.Sample sample = sampler(kinesis).sample("s", shards("a"), 100, Duration.ofSeconds(10));
    assertThat(sample.records()).isEqualTo(3);
    assertThat(sample.notObjects()).isEqualTo(2);
    assertThat(properties(sample).fieldNames()).toIterable().containsExactly("ok");

    kinesis.stream("t", "a");
    kinesis.put("t", "a", "k", "1", "2");
    assertThat(sampler(kinesis).sample("t", shards("a"), 100, Duration.ofSeconds(10)).inference().schema())
        .isEmpty();
    kinesis.stream("empty", "a");
    PayloadSampler.Sample empty = sampler(kinesis).sample("empty", shards("a"), 100, Duration.ofSeconds(10));
    assertThat(empty.inference().schema()).isEmpty();
    assertThat(empty.complete()).isTrue();
  }

  @Test
  void theSampleStopsAtTheDeadline() throws Exception {
    // Kinesis answers empty pages, each call taking 4 s of the 10 s allowed
    FakeKinesis emptyPages = new FakeKinesis();
    emptyPages.stream("s", "a");
    ShardReaderClient slowEmpty = new Delegate(emptyPages, iterator -> { },
        iterator -> clock.advance(Duration.ofSeconds(4))) {
      @Override
      public RecordsPage getRecords(String iterator, int limit) {
        super.getRecords(iterator, limit);
        return new RecordsPage(List.of(), Optional.of(iterator), java.util.OptionalLong.of(60_000), List.of());
      }
    };
    PayloadSampler.Sample cut = new PayloadSampler(slowEmpty, executor, clock, Duration.ofSeconds(5))
        .sample("s", shards("a"), 10, Duration.ofSeconds(10));
    assertThat(cut.complete()).isFalse();
    assertThat(cut.inference().schema()).isEmpty();
    assertThat(emptyPages.calls().stream().filter(c -> c.startsWith("getRecords"))).hasSize(3);
  }

  @Test
  void aShardThatFailsShortensTheSampleAndOnlyAFailureOfEveryShardIsThrown() throws Exception {
    kinesis.stream("s", "a", "b");
    kinesis.put("s", "a", "k", "{\"a\":1}");
    kinesis.put("s", "b", "k", "{\"b\":1}");
    kinesis.failGetRecords("b", 1, () -> new ShardReadException(ShardReadException.Kind.SHARD_NOT_FOUND,
        "expired", null));
    PayloadSampler.Sample sample = sampler(kinesis).sample("s", shards("a", "b"), 100, Duration.ofSeconds(10));
    assertThat(properties(sample).fieldNames()).toIterable().containsExactly("a");
    assertThat(sample.complete()).isFalse();

    kinesis.failGetRecords("a", 1, () -> new TransientErrorException("GetRecords kept failing"));
    PayloadSampler.Sample partial = sampler(kinesis).sample("s", shards("a", "b"), 100, Duration.ofSeconds(10));
    assertThat(partial.complete()).isFalse();
    assertThat(partial.shardsSampled()).isEqualTo(1);
    assertThat(properties(partial).fieldNames()).toIterable().containsExactly("b");

    kinesis.failGetRecords("a", 1, () -> new ConfigErrorException("GetRecords is not allowed"));
    kinesis.failGetRecords("b", 1, () -> new ConfigErrorException("GetRecords is not allowed"));
    assertThatThrownBy(() -> sampler(kinesis).sample("s", shards("a", "b"), 100, Duration.ofSeconds(10)))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("not allowed");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Passes calls to a client, running hooks before and after each GetRecords call. */
  private static class Delegate implements ShardReaderClient {
    private final ShardReaderClient client;
    private final Consumer<String> before;
    private final Consumer<String> after;

    Delegate(ShardReaderClient client, Consumer<String> before, Consumer<String> after) {
      this.client = client;
      this.before = before;
      this.after = after;
    }

    @Override
    public StreamListPage listStreams(Optional<String> nextToken) {
      return client.listStreams(nextToken);
    }

    @Override
    public StreamSummary describeStream(String stream) {
      return client.describeStream(stream);
    }

    @Override
    public ShardListPage listShards(String stream, Optional<String> nextToken) {
      return client.listShards(stream, nextToken);
    }

    @Override
    public String shardIterator(String stream, String shardId, IteratorPosition position) {
      return client.shardIterator(stream, shardId, position);
    }

    @Override
    public RecordsPage getRecords(String iterator, int limit) {
      before.accept(iterator);
      try {
        return client.getRecords(iterator, limit);
      } finally {
        after.accept(iterator);
      }
    }
  }
}
