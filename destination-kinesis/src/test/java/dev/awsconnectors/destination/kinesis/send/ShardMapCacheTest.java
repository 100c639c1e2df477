package dev.awsconnectors.destination.kinesis.send;

import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.ONE_SHARD;
import static dev.awsconnectors.destination.kinesis.send.ShardLayouts.SPLIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.send.ShardMapCache.Listing;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ShardMapCacheTest {
  private static final long S = 1_000_000_000L;
  private final ManualExecutor executor = new ManualExecutor();
  private final List<Listing> received = new ArrayList<>();
  private final List<String> listed = new ArrayList<>();
  /** What the next listings return: a map, or a RuntimeException to throw. */
  private final ArrayDeque<Object> answers = new ArrayDeque<>();

  private ShardMapCache cache(Map<String, ShardMap> initial, long now) {
    return new ShardMapCache(stream -> {
      listed.add(stream);
      Object answer = answers.isEmpty() ? SPLIT : answers.pollFirst();
      if (answer instanceof RuntimeException e) {
        throw e;
      }
      return (ShardMap) answer;
    }, executor, received::add, Duration.ofSeconds(60), initial, now);
  }

  @Test
  void nothingIsListedOnTheCallersThread() {
    ShardMapCache cache = cache(Map.of(), 0);
    assertThat(cache.use("s")).isEmpty();
    cache.request("s", 0, 0);
    assertThat(listed).isEmpty();
    assertThat(cache.listing("s")).isTrue();
    executor.runNext();
    assertThat(listed).containsExactly("s");
    assertThat(received).containsExactly(new Listing("s", 0, SPLIT, null));
    cache.listed(received.get(0), 1);
    assertThat(cache.use("s")).contains(SPLIT);
    assertThat(cache.listing("s")).isFalse();
  }

  @Test
  void mapsInUseAreRefreshedPeriodically() {
    ShardMapCache cache = cache(Map.of("used", ONE_SHARD, "unused", ONE_SHARD), 10 * S);
    assertThat(cache.use("used")).contains(ONE_SHARD);
    assertThat(cache.nextRefreshNanos()).hasValue(70 * S);
    cache.refreshDue(69 * S);
    assertThat(executor.pending()).isZero();
    cache.refreshDue(70 * S);
    assertThat(executor.pending()).as("only the map in use").isEqualTo(1);
    assertThat(cache.nextRefreshNanos()).as("none while listing").isEmpty();
    cache.refreshDue(71 * S);
    assertThat(executor.pending()).as("one listing at a time").isEqualTo(1);
    executor.runNext();
    cache.listed(received.get(0), 71 * S);
    assertThat(cache.nextRefreshNanos()).hasValue(130 * S);
  }

  @Test
  void aFailedListingKeepsTheMapAndIsTriedAgainNextPeriod() {
    ShardMapCache cache = cache(Map.of("s", ONE_SHARD), 0);
    cache.use("s");
    TransientErrorException failure = new TransientErrorException("ListShards throttled");
    answers.add(failure);
    cache.refreshDue(60 * S);
    executor.runNext();
    assertThat(received.get(0).failure()).isSameAs(failure);
    cache.listed(received.get(0), 61 * S);
    assertThat(cache.use("s")).contains(ONE_SHARD);
    assertThat(cache.nextRefreshNanos()).hasValue(120 * S);
  }

  @Test
  void aRequestWhileAnOlderListingIsOnItsWayStartsAnotherOneAfterIt() {
    ShardMapCache cache = cache(Map.of("s", ONE_SHARD), 0);
    cache.use("s");
    cache.refreshDue(60 * S); // started at 60 s
    cache.request("s", 61 * S, 61 * S); // needs one started at 61 s or later
    assertThat(executor.pending()).isEqualTo(1);
    answers.add(ONE_SHARD);
    executor.runNext();
    cache.listed(received.get(0), 62 * S);
    assertThat(executor.pending()).as("the newer listing").isEqualTo(1);
    executor.runNext();
    assertThat(received.get(1).startedNanos()).isEqualTo(62 * S);
    assertThat(received.get(1).map()).isEqualTo(SPLIT);
  }

  @Test
  void aRequestSatisfiedByTheListingOnItsWayStartsNoOther() {
    ShardMapCache cache = cache(Map.of("s", ONE_SHARD), 0);
    cache.use("s");
    cache.request("s", 5 * S, 5 * S);
    cache.request("s", 5 * S, 6 * S);
    cache.request("s", 4 * S, 7 * S);
    executor.runNext();
    cache.listed(received.get(0), 8 * S);
    assertThat(executor.pending()).isZero();
    assertThat(listed).hasSize(1);
    assertThat(cache.nextRefreshNanos()).isEqualTo(OptionalLong.of(65 * S));
  }

  @Test
  void anErrorOfTheListerStillReachesTheSink() {
    ShardMapCache cache = new ShardMapCache(s -> {
      throw new StackOverflowError();
    }, executor, received::add, Duration.ofSeconds(60), Map.of(), 0);
    cache.request("s", 0, 0);
    executor.runNext();
    assertThat(received.get(0).failure()).isInstanceOf(StackOverflowError.class);
  }
}
