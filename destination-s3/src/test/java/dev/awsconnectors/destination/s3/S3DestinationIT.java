package dev.awsconnectors.destination.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.generation.StreamTag;
import dev.awsconnectors.destination.s3.support.FileReaders;
import dev.awsconnectors.destination.s3.support.InProcessSync;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.testkit.MutableClock;
import dev.awsconnectors.testkit.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The connector against S3Proxy: naming, rolling, multipart, append, overwrite, encryption, partitions, states. */
class S3DestinationIT {
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();
  private static final JsonNode SCHEMA = ProtocolCodec.readTreeUnchecked("{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"integer\"},\"p\":{\"type\":\"string\"},\"day\":{\"type\":\"string\"}}}");

  private static ObjectNode data(int id, String payload) {
    return ProtocolCodec.mapper().createObjectNode().put("id", id).put("p", payload);
  }

  private static List<String> keys(String bucket, String prefix) {
    return S3.list(bucket, prefix).stream().map(S3Object::key).toList();
  }

  private static List<Integer> ids(String bucket, String key) {
    return FileReaders.read(".jsonl", S3.get(bucket, key)).stream()
        .map(r -> r.at("/_airbyte_data/id").asInt()).toList();
  }

  private static String random(int length, long seed) {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }

  @Test
  void rendersEveryPathVariableAndFileNamePlaceholder() throws Exception {
    String bucket = S3.newBucket();
    ObjectNode config = TestConfigs.s3proxy(S3, bucket, "base");
    config.put("s3_path_format", "${NAMESPACE}/${STREAM_NAME}/${YEAR}/${MONTH}/${DAY}/${HOUR}${MINUTE}${SECOND}"
        + "_${MILLISECOND}_${EPOCH}_${UUID}/");
    config.put("file_name_pattern", "{date}_{date:yyyy_MM}_{timestamp}_{timestamp:millis}_{timestamp:micros}_"
        + "{part_number}_{sync_id}{format_extension}");
    MutableClock clock = new MutableClock(Instant.parse("2024-03-05T06:07:08.009Z"));
    InProcessSync sync = new InProcessSync(config, List.of(InProcessSync.stream("my ns", "Strëam:1", SCHEMA,
        "append", 3L, 0L)), clock);
    sync.record("my ns", "Strëam:1", data(1, "a"));
    sync.finish();
    assertThat(keys(bucket, "")).singleElement().asString().matches("base/my_ns/Stream:1/2024/03/05/060708_0009_"
        + "1709618828009_[0-9a-f-]{36}/2024_03_05_2024_03_1709618828009_1709618828009_1709618828009000_0_77\\.jsonl");
  }

  @Test
  void rollsFilesAtTheTargetSizeAndUploadsLargeFilesInParts() throws Exception {
    String bucket = S3.newBucket();
    ObjectNode config = TestConfigs.s3proxy(S3, bucket, "roll");
    config.put("s3_path_format", "${STREAM_NAME}/").put("target_file_size_mb", 20);
    InProcessSync sync = new InProcessSync(config, List.of(InProcessSync.stream(null, "big", SCHEMA, "append",
        null, null)));
    for (int i = 0; i < 450; i++) {
      sync.record(null, "big", data(i, random(100_000, i)));
    }
    sync.finish();
    List<S3Object> objects = S3.list(bucket, "roll/big/");
    assertThat(objects).extracting(S3Object::key).containsExactly("roll/big/0.jsonl", "roll/big/1.jsonl",
        "roll/big/2.jsonl");
    assertThat(objects.get(0).size()).isBetween(20L << 20, (20L << 20) + 200_000);
    assertThat(objects.get(1).size()).isBetween(20L << 20, (20L << 20) + 200_000);
    HeadObjectResponse head = S3.client().headObject(r -> r.bucket(bucket).key("roll/big/0.jsonl"));
    assertThat(head.eTag()).as("a multipart ETag ends in -<parts>").endsWith("-3\"");
    List<Integer> all = new ArrayList<>();
    objects.forEach(o -> all.addAll(ids(bucket, o.key())));
    assertThat(all).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 450).boxed().toList());
  }

  @Test
  void appendKeepsEarlierFilesAndContinuesTheirNumbering() throws Exception {
    String bucket = S3.newBucket();
    ObjectNode config = TestConfigs.s3proxy(S3, bucket, "app");
    config.put("s3_path_format", "${STREAM_NAME}/");
    for (int run = 0; run < 2; run++) {
      InProcessSync sync = new InProcessSync(config, List.of(InProcessSync.stream(null, "s", SCHEMA, "append",
          null, null)));
      sync.record(null, "s", data(run, "x"));
      sync.finish();
    }
    assertThat(keys(bucket, "app/")).containsExactly("app/s/0.jsonl", "app/s/1.jsonl");
    assertThat(ids(bucket, "app/s/0.jsonl")).containsExactly(0);
    assertThat(ids(bucket, "app/s/1.jsonl")).containsExactly(1);
  }

  @Test
  void overwriteReplacesAStreamOnlyOnceItCompletedAndNeverTouchesOtherObjects() throws Exception {
    String bucket = S3.newBucket();
    ObjectNode config = TestConfigs.s3proxy(S3, bucket, "ow");
    config.put("s3_path_format", "${NAMESPACE}/${STREAM_NAME}/");
    S3.client().putObject(r -> r.bucket(bucket).key("ow/ns/users/manual.jsonl"), RequestBody.fromString("mine"));
    S3.client().putObject(r -> r.bucket(bucket).key("ow/ns/users/99.jsonl").metadata(Map.of("ab-generation-id", "1")),
        RequestBody.fromString("airbyte's"));
    run(config, 1L, 1, true, true);
    assertThat(keys(bucket, "ow/ns/users/")).contains("ow/ns/users/100.jsonl");
    run(config, 2L, 2, false, false);
    assertThat(keys(bucket, "ow/ns/users/")).as("an interrupted overwrite keeps the earlier data")
        .contains("ow/ns/users/100.jsonl", "ow/ns/users/101.jsonl");
    run(config, 3L, 3, true, false);
    assertThat(keys(bucket, "ow/")).containsExactlyInAnyOrder("ow/ns/users/manual.jsonl", "ow/ns/users/99.jsonl",
        "ow/ns/users/102.jsonl", "ow/ns/orders/0.jsonl");
    assertThat(ids(bucket, "ow/ns/users/102.jsonl")).containsExactly(3);
    HeadObjectResponse head = S3.client().headObject(r -> r.bucket(bucket).key("ow/ns/users/102.jsonl"));
    assertThat(head.metadata()).containsEntry("ab-generation-id", "3").containsEntry("ab-sync-id", "77")
        .containsEntry("ab-stream", StreamTag.of(new StreamDescriptor("users", "ns")));
  }

  private static void run(ObjectNode config, long generation, int id, boolean complete, boolean withOrders)
      throws Exception {
    List<dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream> streams = new ArrayList<>();
    streams.add(InProcessSync.stream("ns", "users", SCHEMA, "append", generation, generation));
    if (withOrders) {
      streams.add(InProcessSync.stream("ns", "orders", SCHEMA, "append", generation, 0L));
    }
    InProcessSync sync = new InProcessSync(config, streams);
    sync.record("ns", "users", data(id, "u"));
    if (withOrders) {
      sync.record("ns", "orders", data(id, "o"));
      sync.complete("ns", "orders");
    }
    if (complete) {
      sync.complete("ns", "users");
    }
    sync.finish();
  }

  @Test
  void encryptsEveryObjectWithSseS3OrSseKms() throws Exception {
    String bucket = S3.newBucket();
    for (String sse : new String[] {"SSE-S3", "SSE-KMS"}) {
      ObjectNode config = TestConfigs.s3proxy(S3, bucket, sse);
      config.set("server_side_encryption", TestConfigs.json("{\"encryption_type\":\"" + sse + "\","
          + "\"kms_key_id\":\"arn:aws:kms:us-east-1:123456789012:key/test\"}"));
      InProcessSync sync = new InProcessSync(config, List.of(InProcessSync.stream(null, "small", SCHEMA,
          "append", null, null), InProcessSync.stream(null, "large", SCHEMA, "append", null, null)));
      sync.record(null, "small", data(1, "s"));
      for (int i = 0; i < 100; i++) {
        sync.record(null, "large", data(i, random(100_000, i)));
      }
      sync.finish();
      for (S3Object o : S3.list(bucket, sse + "/")) {
        HeadObjectResponse head = S3.client().headObject(r -> r.bucket(bucket).key(o.key()));
        assertThat(head.serverSideEncryption()).as(o.key()).isEqualTo(sse.equals("SSE-S3")
            ? ServerSideEncryption.AES256 : ServerSideEncryption.AWS_KMS);
        if (sse.equals("SSE-KMS")) {
          assertThat(head.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/test");
        }
      }
      assertThat(S3.list(bucket, sse + "/")).hasSize(2);
    }
  }

  @Test
  void partitionsByADateField() throws Exception {
    String bucket = S3.newBucket();
    ObjectNode config = TestConfigs.s3proxy(S3, bucket, "part");
    config.put("s3_path_format", "${STREAM_NAME}/day=${FIELD:day:yyyy-MM-dd}/");
    InProcessSync sync = new InProcessSync(config, List.of(InProcessSync.stream(null, "events", SCHEMA, "append",
        null, null)));
    String[] days = {"2024-01-01T10:00:00Z", "2024-01-02T23:30:00-02:00", "2024-01-01", null};
    for (int i = 0; i < 40; i++) {
      ObjectNode d = data(i, "x");
      if (days[i % 4] != null) {
        d.put("day", days[i % 4]);
      }
      sync.record(null, "events", d);
    }
    sync.finish();
    assertThat(keys(bucket, "part/")).containsExactly("part/events/day=2024-01-01/0.jsonl",
        "part/events/day=2024-01-03/0.jsonl", "part/events/day=__null__/0.jsonl");
    assertThat(ids(bucket, "part/events/day=2024-01-01/0.jsonl")).hasSize(20);
    assertThat(ids(bucket, "part/events/day=__null__/0.jsonl")).containsExactly(3, 7, 11, 15, 19, 23, 27, 31, 35,
        39);
  }

  @Test
  void echoesEveryStateWithItsCountOnceItsRecordsAreStored() throws Exception {
    String bucket = S3.newBucket();
    ObjectNode config = TestConfigs.s3proxy(S3, bucket, "st");
    InProcessSync sync = new InProcessSync(config, List.of(InProcessSync.stream(null, "a", SCHEMA, "append",
        null, null), InProcessSync.stream(null, "b", SCHEMA, "append", null, null)));
    sync.record(null, "a", data(1, "x")).record(null, "a", data(2, "x"));
    sync.state(TestConfigs.json("{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"a\"},"
        + "\"stream_state\":{\"c\":1}},\"id\":1,\"sourceStats\":{\"recordCount\":2.0}}"));
    sync.record(null, "b", data(3, "y"));
    sync.state(TestConfigs.json("{\"type\":\"LEGACY\",\"data\":{\"x\":1.50},\"id\":2}"));
    List<ObjectNode> states = sync.finish();
    assertThat(states).hasSize(2);
    assertThat(ProtocolCodec.serialize(states.get(0))).isEqualTo("{\"type\":\"STREAM\",\"stream\":{"
        + "\"stream_descriptor\":{\"name\":\"a\"},\"stream_state\":{\"c\":1}},\"id\":1,\"sourceStats\":"
        + "{\"recordCount\":2.0},\"destinationStats\":{\"recordCount\":2.0}}");
    assertThat(ProtocolCodec.serialize(states.get(1))).isEqualTo("{\"type\":\"LEGACY\",\"data\":{\"x\":1.50},"
        + "\"id\":2,\"destinationStats\":{\"recordCount\":3.0}}");
    assertThat(new String(S3.get(bucket, S3.list(bucket, "st/b/").get(0).key()), StandardCharsets.UTF_8))
        .contains("\"id\":3");
  }
}
