package dev.awsconnectors.kinesis.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.kpl.Messages;

class KplAggregateTest {

  private static UserRecord user(String pk, String ehk, String data) {
    return new UserRecord(pk, ehk, data.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void roundTripsUserRecordsWithSharedKeysInOrder() {
    KplAggregate aggregate = new KplAggregate(KinesisLimits.RECORD_MAX_BYTES);
    List<UserRecord> input = List.of(user("a", null, "one"), user("b", "12345", "two"), user("a", null, "three"),
        user("é", "12345", ""));
    input.forEach(r -> assertThat(aggregate.tryAdd(r)).isTrue());

    KplAggregate.Aggregated out = aggregate.drain().orElseThrow();
    List<UserRecord> back = KplDeaggregator.deaggregate(out.data()).orElseThrow();

    assertThat(out.partitionKey()).isEqualTo("a");
    assertThat(out.explicitHashKey()).isNull();
    assertThat(out.userRecords()).isEqualTo(4);
    assertThat(back).hasSize(4);
    for (int i = 0; i < input.size(); i++) {
      assertThat(back.get(i).partitionKey()).isEqualTo(input.get(i).partitionKey());
      assertThat(back.get(i).explicitHashKey()).isEqualTo(input.get(i).explicitHashKey());
      assertThat(back.get(i).data()).isEqualTo(input.get(i).data());
    }
    assertThat(aggregate.isEmpty()).isTrue();
  }

  @Test
  void tracksTheEncodedSizeExactly() {
    Random random = new Random(7);
    KplAggregate aggregate = new KplAggregate(Integer.MAX_VALUE);
    for (int i = 0; i < 300; i++) {
      byte[] data = new byte[random.nextInt(i % 50 == 0 ? 40_000 : 300)];
      random.nextBytes(data);
      UserRecord r = new UserRecord("key-" + random.nextInt(40), random.nextBoolean() ? null
          : Integer.toString(random.nextInt(1000)), data);
      int predicted = aggregate.sizeWith(r);
      aggregate.tryAdd(r);
      assertThat(aggregate.sizeBytes()).isEqualTo(predicted);
    }
    int size = aggregate.sizeBytes();
    KplAggregate.Aggregated out = aggregate.drain().orElseThrow();

    assertThat(out.data().length + out.partitionKey().getBytes(StandardCharsets.UTF_8).length).isEqualTo(size);
  }

  @Test
  void refusesARecordThatWouldCrossTheLimitAndKeepsTheAggregateUnchanged() {
    KplAggregate aggregate = new KplAggregate(1000);
    assertThat(aggregate.tryAdd(user("k", null, "x".repeat(900)))).isTrue();
    int before = aggregate.sizeBytes();

    assertThat(aggregate.tryAdd(user("k", null, "x".repeat(100)))).isFalse();
    assertThat(aggregate.sizeBytes()).isEqualTo(before);
    assertThat(aggregate.count()).isEqualTo(1);
    assertThat(aggregate.tryAdd(user("k", null, "x".repeat(10)))).isTrue();
    assertThat(aggregate.sizeBytes()).isLessThanOrEqualTo(1000);
  }

  @Test
  void leavesOrdinaryRecordsAlone() {
    assertThat(KplDeaggregator.deaggregate("{\"json\":true}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(KplDeaggregator.deaggregate(new byte[0])).isEmpty();
  }

  @Test
  void treatsACorruptDigestAsAnOrdinaryRecord() {
    KplAggregate aggregate = new KplAggregate(KinesisLimits.RECORD_MAX_BYTES);
    aggregate.tryAdd(user("a", null, "one"));
    byte[] data = aggregate.drain().orElseThrow().data();
    data[data.length - 1] ^= 1;

    assertThat(KplDeaggregator.deaggregate(data)).isEmpty();
  }

  @Test
  void kclDeaggregatesWhatWeAggregate() {
    KplAggregate aggregate = new KplAggregate(KinesisLimits.RECORD_MAX_BYTES);
    for (int i = 0; i < 10; i++) {
      aggregate.tryAdd(user("pk-" + (i % 3), i % 2 == 0 ? null : "170141183460469231731687303715884105727",
          "record-" + i));
    }
    KplAggregate.Aggregated out = aggregate.drain().orElseThrow();
    KinesisClientRecord container = KinesisClientRecord.builder().data(ByteBuffer.wrap(out.data()))
        .partitionKey(out.partitionKey()).sequenceNumber("49590338271490256608559692538361571095921575989136588898")
        .approximateArrivalTimestamp(Instant.now()).build();

    List<KinesisClientRecord> records = new AggregatorUtil().deaggregate(List.of(container));

    assertThat(records).hasSize(10);
    for (int i = 0; i < 10; i++) {
      KinesisClientRecord r = records.get(i);
      assertThat(r.aggregated()).isTrue();
      assertThat(r.subSequenceNumber()).isEqualTo(i);
      assertThat(r.partitionKey()).isEqualTo("pk-" + (i % 3));
      assertThat(StandardCharsets.UTF_8.decode(r.data()).toString()).isEqualTo("record-" + i);
    }
  }

  @Test
  void weDeaggregateWhatTheKplProtobufProduces() throws Exception {
    Messages.AggregatedRecord.Builder builder = Messages.AggregatedRecord.newBuilder()
        .addPartitionKeyTable("p0").addPartitionKeyTable("p1").addExplicitHashKeyTable("42");
    for (int i = 0; i < 5; i++) {
      Messages.Record.Builder r = Messages.Record.newBuilder().setPartitionKeyIndex(i % 2)
          .setData(ByteString.copyFromUtf8("d" + i));
      if (i == 3) {
        r.setExplicitHashKeyIndex(0);
      }
      builder.addRecords(r);
    }
    byte[] proto = builder.build().toByteArray();
    byte[] digest = MessageDigest.getInstance("MD5").digest(proto);
    byte[] data = new byte[4 + proto.length + 16];
    System.arraycopy(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2}, 0, data, 0, 4);
    System.arraycopy(proto, 0, data, 4, proto.length);
    System.arraycopy(digest, 0, data, 4 + proto.length, 16);

    List<UserRecord> records = KplDeaggregator.deaggregate(data).orElseThrow();

    List<String> seen = new ArrayList<>();
    records.forEach(r -> seen.add(r.partitionKey() + "/" + r.explicitHashKey() + "/"
        + new String(r.data(), StandardCharsets.UTF_8)));
    assertThat(seen).containsExactly("p0/null/d0", "p1/null/d1", "p0/null/d2", "p1/42/d3", "p0/null/d4");
  }
}
