package dev.awsconnectors.source.kinesis.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.aws.RetryPolicy;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.ShardHashRange;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.KplRecords;
import dev.awsconnectors.source.kinesis.record.MappedRecord;
import dev.awsconnectors.source.kinesis.record.RecordMapper;
import dev.awsconnectors.source.kinesis.shard.ShardReadException.Kind;
import dev.awsconnectors.source.kinesis.shard.ShardStopRule.Outcome;
import dev.awsconnectors.testkit.MutableClock;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardReaderTest {
  private final FakeKinesis kinesis = new FakeKinesis().stream("s", "shard-0");
  private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));

  private ShardReader reader(IteratorPosition start, Optional<ResumeFilter> filter) {
    return reader(ShardHashRange.WHOLE, false, start, filter);
  }

  /** Three attempts within a minute; renewals wait nothing unless a test picks another random source. */
  private static final RetryPolicy RENEWALS = new RetryPolicy(3, Duration.ofSeconds(60), Duration.ofMillis(100),
      Duration.ofSeconds(5));

  private ShardReader reader(ShardHashRange range, boolean keepMisplaced, IteratorPosition start,
      Optional<ResumeFilter> filter) {
    return reader(range, keepMisplaced, start, filter, () -> 0.0);
  }

  private ShardReader reader(ShardHashRange range, boolean keepMisplaced, IteratorPosition start,
      Optional<ResumeFilter> filter, DoubleSupplier random) {
    return new ShardReader(new ShardReader.Settings(new RecordMapper(true), ShardPacer.KINESIS_LIMITS, 1000,
        keepMisplaced, RENEWALS, random, clock), kinesis, "s", "shard-0", range, start, filter);
  }

  private static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);
  private static final ShardHashRange LOWER_HALF = new ShardHashRange(BigInteger.ZERO, HALF.subtract(BigInteger.ONE));

  private static UserRecord placed(BigInteger hashKey, String payload) {
    return new UserRecord("pk", hashKey.toString(), payload.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> payloads(ShardReader.Page page) {
    return page.records().stream().map(r -> r.data().get("data").toString()).toList();
  }

  private static ShardReader.Page page(ShardReader.Step step) {
    assertThat(step).isInstanceOf(ShardReader.Page.class);
    return (ShardReader.Page) step;
  }

  @Test
  void readsPagesAndStopsWhenCaughtUpWithPacing() {
    kinesis.put("s", "shard-0", "k", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    ShardReader reader = reader(IteratorPosition.trimHorizon(), Optional.empty());
    ShardReader.Page first = page(reader.next(2));
    assertThat(payloads(first)).containsExactly("{\"n\":1}", "{\"n\":2}");
    assertThat(first.outcome()).isEqualTo(Outcome.CONTINUE);
    assertThat(first.nextCallAtMillis()).isEqualTo(clock.millis() + 200);
    ShardReader.Page second = page(reader.next(2));
    assertThat(payloads(second)).containsExactly("{\"n\":3}");
    assertThat(second.outcome()).isEqualTo(Outcome.CAUGHT_UP);
  }

  @Test
  void aFaultThatOutlastedTheClientsRetriesEndsTheReadNamingTheShardAndTheCall() {
    kinesis.put("s", "shard-0", "k", "{\"n\":1}");
    ShardReader reader = reader(IteratorPosition.trimHorizon(), Optional.empty());
    kinesis.failNextGetRecords(new TransientErrorException("AWS kept failing or throttling while calling GetRecords "
        + "(region us-east-1, endpoint http://127.0.0.1:1): ProvisionedThroughputExceededException (HTTP 400), after "
        + "retries."));
    assertThatThrownBy(() -> reader.next(10)).isInstanceOfSatisfying(TransientErrorException.class, e -> {
      assertThat(e).hasMessageContaining("shard-0").hasMessageContaining("'s'")
          .hasMessageContaining("calling GetRecords").hasMessageContaining("endpoint http://127.0.0.1:1");
      assertThat(e.stream()).contains(new StreamDescriptor("s", null));
    });
    assertThat(kinesis.calls().stream().filter(c -> c.startsWith("getRecords"))).as("no retry of its own")
        .hasSize(1);
  }

  @Test
  void anExpiredIteratorIsReplacedFromTheLastRecordRead() {
    kinesis.put("s", "shard-0", "k", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    ShardReader reader = reader(IteratorPosition.trimHorizon(), Optional.empty());
    ShardReader.Page first = page(reader.next(1));
    kinesis.failNextGetRecords(new ShardReadException(Kind.ITERATOR_EXPIRED, "ExpiredIteratorException", null));
    assertThat(reader.next(1)).isEqualTo(new ShardReader.Retry(clock.millis(), "iterator expired"));
    ShardReader.Page second = page(reader.next(5));
    assertThat(payloads(second)).containsExactly("{\"n\":2}", "{\"n\":3}");
    assertThat(kinesis.calls()).contains("shardIterator shard-0 AFTER_SEQUENCE_NUMBER "
        + first.records().get(0).sequenceNumber());
  }

  @Test
  void iteratorRenewalsInARowWaitAsThePolicySaysAndASuccessStartsAfresh() {
    kinesis.put("s", "shard-0", "k", "{}", "{}");
    ShardReader reader = reader(ShardHashRange.WHOLE, false, IteratorPosition.trimHorizon(), Optional.empty(),
        () -> 0.5);
    kinesis.failNextGetRecords(new ShardReadException(Kind.ITERATOR_EXPIRED, "expired", null));
    assertThat(reader.next(1)).isEqualTo(new ShardReader.Retry(clock.millis() + 50, "iterator expired"));
    kinesis.failNextGetRecords(new ShardReadException(Kind.ITERATOR_EXPIRED, "expired", null));
    assertThat(reader.next(1)).as("twice the ceiling, half of it").isEqualTo(new ShardReader.Retry(clock.millis()
        + 100, "iterator expired"));
    assertThat(reader.next(1)).isInstanceOf(ShardReader.Page.class);
    kinesis.failNextGetRecords(new ShardReadException(Kind.ITERATOR_EXPIRED, "expired", null));
    assertThat(reader.next(1)).isEqualTo(new ShardReader.Retry(clock.millis() + 50, "iterator expired"));
  }

  @Test
  void iteratorRenewalsEndInATransientErrorOnceThePolicysTimeIsSpent() {
    kinesis.put("s", "shard-0", "k", "{}");
    ShardReader reader = reader(IteratorPosition.trimHorizon(), Optional.empty());
    kinesis.failNextGetRecords(new ShardReadException(Kind.ITERATOR_EXPIRED, "expired", null));
    assertThat(reader.next(1)).isInstanceOf(ShardReader.Retry.class);
    clock.advance(Duration.ofSeconds(60));
    kinesis.failNextGetRecords(new ShardReadException(Kind.ITERATOR_EXPIRED, "expired", null));
    assertThatThrownBy(() -> reader.next(1)).isInstanceOf(TransientErrorException.class)
        .hasMessageContaining("expiring").hasMessageContaining("shard-0").hasMessageContaining("GetRecords");
  }

  @Test
  void iteratorsThatKeepExpiringEndInATransientError() {
    kinesis.put("s", "shard-0", "k", "{}");
    ShardReader reader = reader(IteratorPosition.trimHorizon(), Optional.empty());
    for (int i = 0; i < 2; i++) {
      kinesis.failNextGetRecords(new ShardReadException(Kind.ITERATOR_EXPIRED, "expired", null));
      assertThat(reader.next(1)).isInstanceOf(ShardReader.Retry.class);
    }
    kinesis.failNextGetRecords(new ShardReadException(Kind.ITERATOR_EXPIRED, "expired", null));
    assertThatThrownBy(() -> reader.next(1)).isInstanceOf(TransientErrorException.class)
        .hasMessageContaining("expiring");
  }

  @Test
  void aRejectedCheckpointFallsBackToTrimHorizonAndSkipsWhatItCovers() {
    List<String> seqs = kinesis.put("s", "shard-0", "k", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    ShardReader reader = reader(IteratorPosition.afterSequenceNumber(seqs.get(1)),
        Optional.of(ResumeFilter.through(seqs.get(1))));
    kinesis.failNextIterator(new ShardReadException(Kind.POSITION_REJECTED, "InvalidArgumentException", null));
    assertThat(reader.next(10)).isInstanceOf(ShardReader.Retry.class);
    assertThat(payloads(page(reader.next(10)))).containsExactly("{\"n\":3}");
    assertThat(kinesis.calls()).contains("shardIterator shard-0 TRIM_HORIZON");
  }

  @Test
  void aFutureCheckpointReadsNothingAndKeepsItsPosition() {
    kinesis.put("s", "shard-0", "k", "{\"n\":1}", "{\"n\":2}");
    String future = "9".repeat(70);
    ShardReader reader = reader(IteratorPosition.afterSequenceNumber(future),
        Optional.of(ResumeFilter.through(future)));
    assertThat(reader.next(10)).isInstanceOf(ShardReader.Retry.class);
    ShardReader.Page page = page(reader.next(10));
    assertThat(page.records()).isEmpty();
    assertThat(page.kinesisRecords()).isEqualTo(2);
    assertThat(page.outcome()).isEqualTo(Outcome.CAUGHT_UP);
  }

  @Test
  void aCheckpointOlderThanTheRetentionReadsFromTheOldestRecordLeft() {
    kinesis.put("s", "shard-0", "k", "{\"n\":1}", "{\"n\":2}");
    String expired = "1000";
    ShardReader reader = reader(IteratorPosition.afterSequenceNumber(expired),
        Optional.of(ResumeFilter.through(expired)));
    assertThat(reader.next(10)).isInstanceOf(ShardReader.Retry.class);
    assertThat(payloads(page(reader.next(10)))).containsExactly("{\"n\":1}", "{\"n\":2}");
  }

  @Test
  void resumesInsideAnAggregateAfterTheLastUserRecordEmitted() throws Exception {
    List<UserRecord> users = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      users.add(new UserRecord("pk" + i, null, ("{\"u\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    String seq = kinesis.putBytes("s", "shard-0", "outer", List.of(KplRecords.kpl(users))).get(0);
    kinesis.put("s", "shard-0", "k", "{\"after\":true}");
    ShardReader reader = reader(IteratorPosition.atSequenceNumber(seq), Optional.of(ResumeFilter.inside(seq, 2)));
    ShardReader.Page page = page(reader.next(10));
    assertThat(page.records()).extracting(MappedRecord::subSequenceNumber).containsExactly(3L, 4L, 0L);
    assertThat(payloads(page)).containsExactly("{\"u\":3}", "{\"u\":4}", "{\"after\":true}");
    assertThat(page.records()).extracting(MappedRecord::lastOfKinesisRecord).containsExactly(false, true, true);
  }

  @Test
  void anAggregateWithARecordOutsideTheShardsHashRangeIsDroppedWholeAndCounted() throws Exception {
    kinesis.put("s", "shard-0", "k", "{\"n\":1}");
    kinesis.putBytes("s", "shard-0", "outer", List.of(KplRecords.kpl(List.of(placed(BigInteger.ONE, "{\"a\":1}"),
        placed(HALF, "{\"a\":2}"), placed(BigInteger.TWO, "{\"a\":3}")))));
    kinesis.putBytes("s", "shard-0", "outer", List.of(KplRecords.kpl(List.of(placed(BigInteger.ONE, "{\"b\":1}"),
        placed(HALF.subtract(BigInteger.ONE), "{\"b\":2}")))));
    List<String> seqs = kinesis.putBytes("s", "shard-0", "outer", List.of(KplRecords.kpl(List.of(
        placed(HALF.add(BigInteger.TEN), "{\"c\":1}")))));
    ShardReader.Page page = page(reader(LOWER_HALF, false, IteratorPosition.trimHorizon(), Optional.empty()).next(10));
    assertThat(payloads(page)).containsExactly("{\"n\":1}", "{\"b\":1}", "{\"b\":2}");
    assertThat(page.misplaced()).isEqualTo(new ShardReader.Misplaced(2, 4));
    assertThat(page.kinesisRecords()).isEqualTo(4);
    assertThat(page.lastSequenceNumber()).contains(seqs.get(0));
  }

  @Test
  void misplacedAggregatesAreKeptAndCountedWhenAsked() throws Exception {
    kinesis.putBytes("s", "shard-0", "outer", List.of(KplRecords.kpl(List.of(placed(BigInteger.ONE, "{\"a\":1}"),
        placed(HALF, "{\"a\":2}")))));
    ShardReader.Page page = page(reader(LOWER_HALF, true, IteratorPosition.trimHorizon(), Optional.empty()).next(10));
    assertThat(payloads(page)).containsExactly("{\"a\":1}", "{\"a\":2}");
    assertThat(page.misplaced()).isEqualTo(new ShardReader.Misplaced(1, 2));
  }

  @Test
  void plainRecordsAreNeverMisplacedWhateverTheirPartitionKey() {
    String highKey = "key-" + IntStream.range(0, 1000).filter(i -> HashKeys.ofPartitionKey("key-" + i).testBit(127))
        .findFirst().orElseThrow();
    kinesis.put("s", "shard-0", highKey, "{\"n\":1}");
    ShardReader.Page page = page(reader(LOWER_HALF, false, IteratorPosition.trimHorizon(), Optional.empty()).next(10));
    assertThat(payloads(page)).containsExactly("{\"n\":1}");
    assertThat(page.misplaced()).isEqualTo(ShardReader.Misplaced.NONE);
  }

  @Test
  void resumingInsideAMisplacedAggregateCountsOnlyTheRecordsNotYetEmitted() throws Exception {
    String seq = kinesis.putBytes("s", "shard-0", "outer", List.of(KplRecords.kpl(List.of(
        placed(BigInteger.ONE, "{\"a\":1}"), placed(BigInteger.ONE, "{\"a\":2}"), placed(HALF, "{\"a\":3}")))))
        .get(0);
    ShardReader.Page page = page(reader(LOWER_HALF, true, IteratorPosition.atSequenceNumber(seq),
        Optional.of(ResumeFilter.inside(seq, 0))).next(10));
    assertThat(payloads(page)).containsExactly("{\"a\":2}", "{\"a\":3}");
    assertThat(page.misplaced()).isEqualTo(new ShardReader.Misplaced(1, 2));
  }

  @Test
  void aShardThatDisappearedIsGone() {
    ShardReader reader = reader(IteratorPosition.trimHorizon(), Optional.empty());
    kinesis.expire("s", "shard-0");
    assertThat(reader.next(10)).isInstanceOf(ShardReader.Gone.class);
  }

  @Test
  void aClosedShardEndsWithItsChildren() {
    kinesis.put("s", "shard-0", "k", "{}");
    kinesis.stream("s", "shard-1").child("s", "shard-2", "shard-0", "shard-1");
    ShardReader.Page page = page(reader(IteratorPosition.trimHorizon(), Optional.empty()).next(10));
    assertThat(page.outcome()).isEqualTo(Outcome.SHARD_END);
    assertThat(page.childShards()).containsExactly(new RecordsPage.ChildShard("shard-2", List.of("shard-0",
        "shard-1")));
  }

  @Test
  void configErrorsPassThrough() {
    kinesis.failNextGetRecords(new ConfigErrorException("Access denied"));
    assertThatThrownBy(() -> reader(IteratorPosition.trimHorizon(), Optional.empty()).next(1))
        .isInstanceOf(ConfigErrorException.class);
  }
}
