package dev.awsconnectors.source.kinesis.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.kinesis.record.KplAggregate;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.CatalogRules;
import dev.awsconnectors.source.kinesis.KplRecords;
import dev.awsconnectors.source.kinesis.shard.KinesisRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

class RecordMapperTest {
  private static final String SEQ = "49590338271490256608559692538361571095921575989136588898";
  private static final Instant ARRIVAL = Instant.parse("2024-05-01T12:34:56.789Z");

  private static KinesisRecord record(String partitionKey, byte[] data) {
    return new KinesisRecord(SEQ, ARRIVAL, partitionKey, data);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPlainJsonObjectBecomesTheDataOfTheEnvelope() {
    List<MappedRecord> out = new RecordMapper(true).map("shardId-000000000001",
        record("pk-1", utf8("{\"id\":7,\"price\":1.50,\"tags\":[\"a\"]}")), 0);
    assertThat(out).hasSize(1);
    MappedRecord r = out.get(0);
    assertThat(r.data().toString()).isEqualTo("{\"message_id\":\"shardId-000000000001:" + SEQ + ":0\","
        + "\"shard_id\":\"shardId-000000000001\",\"sequence_number\":\"" + SEQ + "\",\"sub_sequence_number\":0,"
        + "\"partition_key\":\"pk-1\",\"approximate_arrival_timestamp\":\"2024-05-01T12:34:56.789Z\","
        + "\"data\":{\"id\":7,\"price\":1.50,\"tags\":[\"a\"]}}");
    assertThat(r.lastOfKinesisRecord()).isTrue();
    assertThat(r.payloadNotObject()).isFalse();
    assertThat(r.subSequenceNumber()).isZero();
  }

  @Test
  void payloadsThatAreNotExactlyOneJsonObjectAreKeptInBase64AndFlagged() {
    List<byte[]> payloads = List.of(utf8("[1]"), utf8("\"text\""), utf8("12"), utf8("null"), utf8("hello"),
        utf8("{\"a\":1}{\"b\":2}"), utf8("{\"a\":1} x"), utf8("{\"a\":"), new byte[0],
        new byte[] {(byte) 0xFF, (byte) 0xFE}, invalidUtf8InsideAnObject(), deep(5_000));
    RecordMapper mapper = new RecordMapper(true);
    for (byte[] p : payloads) {
      MappedRecord r = mapper.map("s", record("k", p), 0).get(0);
      assertThat(r.payloadNotObject()).as(new String(p, StandardCharsets.UTF_8)).isTrue();
      assertThat(Base64.getDecoder().decode(r.data().get("data_base64").asText())).isEqualTo(p);
    }
  }

  @Test
  void withParsingOffEveryPayloadIsBase64AndNothingIsFlagged() {
    MappedRecord r = new RecordMapper(false).map("s", record("k", utf8("{\"a\":1}")), 0).get(0);
    assertThat(r.data().has("data")).isFalse();
    assertThat(r.data().get("data_base64").asText()).isEqualTo(Base64.getEncoder().encodeToString(utf8("{\"a\":1}")));
    assertThat(r.payloadNotObject()).isFalse();
  }

  @Test
  void anAggregateFromOurCodecIsUnpackedAsTheKclDoes() {
    List<UserRecord> users = users(9);
    KplAggregate.Aggregated aggregate = KplRecords.ours(users);
    assertMatchesKcl(aggregate.data(), aggregate.partitionKey(), users);
  }

  @Test
  void anAggregateInTheKplFormatIsUnpackedAsTheKclDoes() throws Exception {
    List<UserRecord> users = users(6);
    assertMatchesKcl(KplRecords.kpl(users), "outer", users);
  }

  @Test
  void userRecordsOutsideTheShardsHashRangeAreKept() throws Exception {
    // The KCL drops a whole aggregate when a user record hashes outside the shard; reading every shard once, we
    // must not.
    List<UserRecord> users = List.of(new UserRecord("a", "0", utf8("{}")),
        new UserRecord("b", "340282366920938463463374607431768211455", utf8("{}")));
    assertThat(new RecordMapper(true).map("s", record("a", KplRecords.kpl(users)), 0)).hasSize(2);
  }

  @Test
  void startsInsideAnAggregateAtTheRequestedSubSequenceNumber() throws Exception {
    List<UserRecord> users = users(4);
    RecordMapper mapper = new RecordMapper(true);
    KinesisRecord aggregate = record("outer", KplRecords.kpl(users));
    assertThat(mapper.map("s", aggregate, 2)).extracting(MappedRecord::subSequenceNumber).containsExactly(2L, 3L);
    assertThat(mapper.map("s", aggregate, 4)).isEmpty();
    assertThat(mapper.map("s", aggregate, 99)).isEmpty();
    assertThat(mapper.map("s", record("k", utf8("{}")), 1)).isEmpty();
  }

  @Test
  void everyMappedRecordMatchesTheDiscoveredSchemaWithStrictIntegers() throws Exception {
    List<MappedRecord> records = new ArrayList<>();
    for (boolean parse : new boolean[] {true, false}) {
      RecordMapper mapper = new RecordMapper(parse);
      records.addAll(mapper.map("s", record("k", utf8("{\"a\":1}")), 0));
      records.addAll(mapper.map("s", record("k", utf8("nope")), 0));
      records.addAll(mapper.map("s", record("k", KplRecords.kpl(List.of(new UserRecord("p", "12", utf8("{}")),
          new UserRecord("q", null, utf8("[]"))))), 0));
      JsonNode schema = EnvelopeSchema.of(parse);
      for (MappedRecord r : records.subList(records.size() - 4, records.size())) {
        assertThat(CatalogRules.recordViolations(schema, r.data())).as(r.data().toString()).isEmpty();
      }
    }
  }

  private static void assertMatchesKcl(byte[] data, String outerKey, List<UserRecord> users) {
    List<MappedRecord> ours = new RecordMapper(true).map("shardId-000000000000", record(outerKey, data), 0);
    KinesisClientRecord container = KinesisClientRecord.builder().sequenceNumber(SEQ).partitionKey(outerKey)
        .approximateArrivalTimestamp(ARRIVAL).data(ByteBuffer.wrap(data)).build();
    List<KinesisClientRecord> kcl = new AggregatorUtil().deaggregate(List.of(container));
    assertThat(ours).hasSize(users.size()).hasSameSizeAs(kcl);
    for (int i = 0; i < ours.size(); i++) {
      JsonNode d = ours.get(i).data();
      KinesisClientRecord k = kcl.get(i);
      assertThat(d.get("sub_sequence_number").asLong()).isEqualTo(k.subSequenceNumber()).isEqualTo(i);
      assertThat(d.get("sequence_number").asText()).isEqualTo(k.sequenceNumber());
      assertThat(d.get("partition_key").asText()).isEqualTo(k.partitionKey()).isEqualTo(users.get(i).partitionKey());
      assertThat(d.path("explicit_hash_key").isMissingNode() ? null : d.get("explicit_hash_key").asText())
          .isEqualTo(k.explicitHashKey()).isEqualTo(users.get(i).explicitHashKey());
      byte[] kclData = new byte[k.data().remaining()];
      k.data().duplicate().get(kclData);
      assertThat(d.get("data").toString().getBytes(StandardCharsets.UTF_8)).isEqualTo(kclData)
          .isEqualTo(users.get(i).data());
      assertThat(ours.get(i).lastOfKinesisRecord()).isEqualTo(i == users.size() - 1);
    }
  }

  private static List<UserRecord> users(int n) {
    List<UserRecord> users = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      users.add(new UserRecord("key-" + (i % 3), i % 2 == 0 ? Integer.toString(i * 1000) : null,
          utf8("{\"i\":" + i + "}")));
    }
    return users;
  }

  private static byte[] invalidUtf8InsideAnObject() {
    byte[] start = utf8("{\"a\":\"");
    byte[] out = new byte[start.length + 3];
    System.arraycopy(start, 0, out, 0, start.length);
    out[start.length] = (byte) 0xFF;
    out[start.length + 1] = '"';
    out[start.length + 2] = '}';
    return out;
  }

  private static byte[] deep(int depth) {
    return utf8("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
  }
}
