package dev.awsconnectors.source.kinesis.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.kinesis.record.KplAggregate;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.CatalogRules;
import dev.awsconnectors.source.kinesis.KplRecords;
import dev.awsconnectors.source.kinesis.config.RecordLayout;
import dev.awsconnectors.source.kinesis.schema.SchemaConformance;
import dev.awsconnectors.source.kinesis.schema.SchemaDrift;
import dev.awsconnectors.source.kinesis.schema.SchemaInference;
import dev.awsconnectors.source.kinesis.shard.KinesisRecord;
import dev.awsconnectors.testkit.Messages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
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
    // The mapper maps every user record; dropping misplaced ones (keep_misplaced_records) is the shard reader's call.
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

  private static RecordMapper flattened(JsonNode declared) {
    return new RecordMapper(new RecordShape(true, RecordLayout.FLATTENED),
        new SchemaDrift("s", SchemaConformance.of(declared)));
  }

  @Test
  void theFlattenedLayoutPutsThePayloadFieldsFirstAndPrefixesTheMetadata() {
    MappedRecord r = flattened(Messages.object()).map("shardId-000000000001",
        record("pk-1", utf8("{\"id\":7,\"price\":1.50,\"shard_id\":\"mine\",\"tags\":[\"a\"]}")), 0).get(0);
    assertThat(r.data().toString()).isEqualTo("{\"id\":7,\"price\":1.50,\"shard_id\":\"mine\",\"tags\":[\"a\"],"
        + "\"_kinesis_message_id\":\"shardId-000000000001:" + SEQ + ":0\","
        + "\"_kinesis_shard_id\":\"shardId-000000000001\",\"_kinesis_sequence_number\":\"" + SEQ + "\","
        + "\"_kinesis_sub_sequence_number\":0,\"_kinesis_partition_key\":\"pk-1\","
        + "\"_kinesis_approximate_arrival_timestamp\":\"2024-05-01T12:34:56.789Z\"}");
    assertThat(r.payloadNotObject()).isFalse();
  }

  @Test
  void payloadFieldsUnderTheMetadataPrefixAreRenamedAndKeptInPlace() {
    MappedRecord r = flattened(Messages.object()).map("s", record("k", utf8("{\"a\":1,\"_kinesis_shard_id\":\"x\","
        + "\"_kinesis_payload_y\":2,\"_kinesis\":3}")), 0).get(0);
    assertThat(r.data().fieldNames()).toIterable().startsWith("a", "_kinesis_payload__kinesis_shard_id",
        "_kinesis_payload__kinesis_payload_y", "_kinesis");
    assertThat(r.data().get("_kinesis_payload__kinesis_shard_id").asText()).isEqualTo("x");
    assertThat(r.data().get("_kinesis_shard_id").asText()).isEqualTo("s");
    assertThat(r.data().get("_kinesis_payload__kinesis_payload_y").asInt()).isEqualTo(2);
  }

  @Test
  void aFlattenedPayloadThatIsNotAnObjectIsKeptInPrefixedBase64() {
    MappedRecord r = flattened(Messages.object()).map("s", record("k", utf8("[1,2]")), 0).get(0);
    assertThat(r.payloadNotObject()).isTrue();
    assertThat(Base64.getDecoder().decode(r.data().get("_kinesis_data_base64").asText())).isEqualTo(utf8("[1,2]"));
    assertThat(r.data().has("data_base64")).isFalse();
  }

  @Test
  void flattenedRecordsMatchTheSchemaBuiltFromTheInferredPayloadSchema() throws Exception {
    List<byte[]> payloads = List.of(utf8("{\"id\":1,\"at\":\"2024-05-01T10:00:00Z\",\"o\":{\"k\":[1.5]}}"),
        utf8("{\"id\":2,\"_kinesis_shard_id\":true}"), utf8("not json"));
    SchemaInference inference = new SchemaInference();
    payloads.forEach(p -> RecordMapper.parseObject(p).ifPresent(inference::observe));
    ObjectNode schema = EnvelopeSchema.of(new RecordShape(true, RecordLayout.FLATTENED), inference.schema());
    assertThat(schema.get("properties").get("_kinesis_payload__kinesis_shard_id").toString())
        .isEqualTo("{\"type\":[\"null\",\"boolean\"]}");
    RecordMapper mapper = flattened(schema);
    List<MappedRecord> records = new ArrayList<>();
    for (byte[] p : payloads) {
      records.addAll(mapper.map("s", record("k", p), 0));
    }
    records.addAll(mapper.map("s", record("a", KplRecords.kpl(List.of(new UserRecord("p", "12",
        utf8("{\"id\":3}")), new UserRecord("q", null, utf8("{\"id\":4}"))))), 0));
    for (MappedRecord r : records) {
      assertThat(CatalogRules.recordViolations(schema, r.data())).as(r.data().toString()).isEmpty();
    }
    assertThat(mapper.drift().mismatches()).isZero();
  }

  @Test
  void recordsThatDoNotMatchTheDeclaredSchemaAreEmittedAsTheyAreAndCounted() {
    ObjectNode payload = Messages.json("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}");
    ObjectNode schema = EnvelopeSchema.of(new RecordShape(true, RecordLayout.FLATTENED), Optional.of(payload));
    RecordMapper mapper = flattened(schema);
    assertThat(mapper.map("s", record("k", utf8("{\"id\":1,\"new\":\"x\"}")), 0).get(0).data().get("new").asText())
        .isEqualTo("x");
    MappedRecord drifted = mapper.map("s", record("k", utf8("{\"id\":\"one\"}")), 0).get(0);
    assertThat(drifted.data().get("id").asText()).isEqualTo("one");
    mapper.map("s", record("k", utf8("{\"id\":2.5}")), 0);
    assertThat(mapper.drift().mismatches()).isEqualTo(2);
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
