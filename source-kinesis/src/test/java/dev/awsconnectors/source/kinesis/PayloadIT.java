package dev.awsconnectors.source.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.kinesis.record.KplAggregate;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.testkit.KinesisMockExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;

/** Payload handling: JSON parsing on and off, payloads that are not JSON objects, and KPL aggregates. */
class PayloadIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();

  private static final List<byte[]> MIXED = List.of(
      "{\"id\":1,\"nested\":{\"x\":[1,2.50,\"y\"]}}".getBytes(StandardCharsets.UTF_8),
      "  {\"id\":2}\n".getBytes(StandardCharsets.UTF_8),
      "[1,2,3]".getBytes(StandardCharsets.UTF_8),
      "42".getBytes(StandardCharsets.UTF_8),
      "plain text".getBytes(StandardCharsets.UTF_8),
      "{\"id\":3} trailing".getBytes(StandardCharsets.UTF_8),
      new byte[] {(byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF},
      "{\"broken\":".getBytes(StandardCharsets.UTF_8));

  @Test
  void parseJsonOnMakesObjectsDataAndKeepsEveryOtherPayloadExactly() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("json-on"), 1);
    new KinesisWriter(KINESIS.client(), stream).writeRaw(MIXED, "k");
    CollectingOutput run = SourceHarness.read(SourceHarness.config(KINESIS, stream),
        SourceHarness.catalog("incremental", stream), null);

    List<JsonNode> records = run.records();
    assertThat(records).hasSize(MIXED.size());
    assertThat(records.get(0).get("data").toString()).isEqualTo("{\"id\":1,\"nested\":{\"x\":[1,2.50,\"y\"]}}");
    assertThat(records.get(1).get("data").toString()).isEqualTo("{\"id\":2}");
    for (int i = 0; i < 2; i++) {
      assertThat(records.get(i).has("data_base64")).isFalse();
    }
    for (int i = 2; i < MIXED.size(); i++) {
      assertThat(records.get(i).has("data")).isFalse();
      assertThat(Base64.getDecoder().decode(records.get(i).get("data_base64").asText())).isEqualTo(MIXED.get(i));
    }
  }

  @Test
  void parseJsonOffCarriesEveryPayloadInBase64() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("json-off"), 1);
    new KinesisWriter(KINESIS.client(), stream).writeRaw(MIXED, "k");
    ObjectNode config = SourceHarness.config(KINESIS, stream).put("parse_json", false);
    CollectingOutput run = SourceHarness.read(config, SourceHarness.catalog("incremental", stream), null);

    List<JsonNode> records = run.records();
    assertThat(records).hasSize(MIXED.size());
    for (int i = 0; i < MIXED.size(); i++) {
      assertThat(records.get(i).has("data")).isFalse();
      assertThat(Base64.getDecoder().decode(records.get(i).get("data_base64").asText())).isEqualTo(MIXED.get(i));
      assertThat(records.get(i).get("sub_sequence_number").asLong()).isZero();
      assertThat(records.get(i).get("partition_key").asText()).isEqualTo("k");
    }
  }

  @Test
  void aggregatedRecordsAreReadBackOneByOne() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("kpl"), 1);
    List<UserRecord> ours = users("ours", 25, true);
    List<UserRecord> kpl = users("kpl", 12, false);
    KplAggregate.Aggregated aggregated = KplRecords.ours(ours);
    KINESIS.client().putRecord(r -> r.streamName(stream).partitionKey(aggregated.partitionKey())
        .explicitHashKey(aggregated.explicitHashKey()).data(SdkBytes.fromByteArray(aggregated.data())));
    new KinesisWriter(KINESIS.client(), stream).writeRaw(List.of("{\"plain\":true}".getBytes(StandardCharsets.UTF_8)),
        "plain");
    new KinesisWriter(KINESIS.client(), stream).writeRaw(List.of(KplRecords.kpl(kpl)), "outer");

    CollectingOutput run = SourceHarness.read(SourceHarness.config(KINESIS, stream),
        SourceHarness.catalog("incremental", stream), null);
    List<JsonNode> records = run.records();
    assertThat(records).hasSize(25 + 1 + 12);
    assertUsers(records.subList(0, 25), ours);
    assertThat(records.get(25).get("data").get("plain").asBoolean()).isTrue();
    assertThat(records.get(25).get("sub_sequence_number").asLong()).isZero();
    assertUsers(records.subList(26, 38), kpl);
    Set<String> ids = new HashSet<>();
    records.forEach(r -> ids.add(r.get("message_id").asText()));
    assertThat(ids).hasSize(records.size());
  }

  @Test
  void aSyncCutInsideAnAggregateResumesWithTheNextUserRecord() throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("kpl-cut"), 1);
    List<UserRecord> first = users("a", 20, false);
    List<UserRecord> second = users("b", 9, true);
    new KinesisWriter(KINESIS.client(), stream).writeRaw(List.of(KplRecords.ours(first).data()), "a");
    new KinesisWriter(KINESIS.client(), stream).writeRaw(List.of(KplRecords.kpl(second)), "b");
    JsonNode catalog = SourceHarness.catalog("incremental", stream);
    ObjectNode limited = SourceHarness.config(KINESIS, stream).put("max_records_per_sync", 7);

    List<JsonNode> all = new ArrayList<>();
    CollectingOutput run1 = SourceHarness.read(limited, catalog, null);
    assertThat(run1.records()).hasSize(7);
    JsonNode shard = run1.lastStatesArray().at("/0/stream/stream_state/shards").elements().next();
    assertThat(shard.get("sub_sequence_number").asLong()).isEqualTo(6);
    all.addAll(run1.records());
    CollectingOutput run2 = SourceHarness.read(limited, catalog, run1.lastStatesArray());
    assertThat(run2.records()).hasSize(7);
    all.addAll(run2.records());
    CollectingOutput run3 = SourceHarness.read(limited, catalog, run2.lastStatesArray());
    all.addAll(run3.records());
    CollectingOutput run4 = SourceHarness.read(SourceHarness.config(KINESIS, stream), catalog,
        run3.lastStatesArray());
    all.addAll(run4.records());

    assertThat(all).hasSize(29);
    assertUsers(all.subList(0, 20), first);
    assertUsers(all.subList(20, 29), second);
  }

  private static List<UserRecord> users(String prefix, int count, boolean withHashKeys) {
    List<UserRecord> users = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String ehk = withHashKeys && i % 3 == 0 ? Integer.toString(1000 + i) : null;
      users.add(new UserRecord(prefix + "-key-" + (i % 4), ehk,
          ("{\"" + prefix + "\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    return users;
  }

  private static void assertUsers(List<JsonNode> records, List<UserRecord> users) {
    assertThat(records).hasSize(users.size());
    String sequence = records.get(0).get("sequence_number").asText();
    for (int i = 0; i < users.size(); i++) {
      JsonNode r = records.get(i);
      UserRecord u = users.get(i);
      assertThat(r.get("sequence_number").asText()).isEqualTo(sequence);
      assertThat(r.get("sub_sequence_number").asLong()).isEqualTo(i);
      assertThat(r.get("partition_key").asText()).isEqualTo(u.partitionKey());
      assertThat(r.path("explicit_hash_key").isMissingNode() ? null : r.get("explicit_hash_key").asText())
          .isEqualTo(u.explicitHashKey());
      assertThat(r.get("data").toString()).isEqualTo(new String(u.data(), StandardCharsets.UTF_8));
      assertThat(r.get("message_id").asText()).isEqualTo(r.get("shard_id").asText() + ":" + sequence + ":" + i);
    }
  }
}
