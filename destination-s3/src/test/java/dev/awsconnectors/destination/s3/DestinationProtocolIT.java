package dev.awsconnectors.destination.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.destination.s3.support.FileReaders;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.S3ProxyExtension;
import dev.awsconnectors.testkit.SpecRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The built jar as a process, the way the platform runs it: spec, check, and writes with odd names and values,
 * DAT-like inputs (several streams and namespaces, LEGACY and GLOBAL states) and the Bulk CDK cases (basic write,
 * truncate refresh, interrupted truncate, clear, funky characters, many streams). Every stdout line must be a valid
 * protocol message.
 */
class DestinationProtocolIT {
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();
  private static final JsonNode SCHEMA = ProtocolCodec.readTreeUnchecked("{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"integer\"},\"text\":{\"type\":\"string\"},\"big\":{\"type\":\"number\"},"
      + "\"nested\":{\"type\":\"array\",\"items\":{}}}}");

  private static ConnectorProcess jar() {
    return ConnectorProcess.ofModule("destination-s3");
  }

  private static ObjectNode config(String bucket, String format) {
    ObjectNode config = TestConfigs.s3proxy(S3, bucket, "data");
    config.set("format", TestConfigs.json(format));
    return config;
  }

  private static ObjectNode stream(String namespace, String name, String mode, Long generation, Long minimum) {
    ObjectNode s = Messages.configuredStream(namespace, name, SCHEMA, "full_refresh", mode);
    if (generation != null) {
      s.put("generation_id", generation).put("minimum_generation_id", minimum).put("sync_id", 42);
    }
    return s;
  }

  private static Map<String, List<ObjectNode>> filesByStreamDir(String bucket, String extension) {
    Map<String, List<ObjectNode>> out = new TreeMap<>();
    for (S3Object o : S3.list(bucket, "")) {
      String dir = o.key().substring(0, o.key().lastIndexOf('/'));
      out.computeIfAbsent(dir, d -> new ArrayList<>()).addAll(FileReaders.read(extension, S3.get(bucket, o.key())));
    }
    return out;
  }

  /**
   * Runs the real runner in this JVM with exact platform inputs that the protocol schema rejects (a GLOBAL state
   * without stream_states, a null shared_state) but that must be echoed verbatim; the testkit's process runner
   * validates every stdout line against the schema and so cannot run them through the jar.
   */
  private static List<JsonNode> runInProcess(ObjectNode config, ObjectNode catalog, List<String> stdin)
      throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("s3-runner");
    java.nio.file.Path configFile = dir.resolve("config.json");
    java.nio.file.Path catalogFile = dir.resolve("catalog.json");
    java.nio.file.Files.writeString(configFile, ProtocolCodec.serialize(config));
    java.nio.file.Files.writeString(catalogFile, ProtocolCodec.serialize(catalog));
    java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
    int code = new dev.awsconnectors.commons.runtime.ConnectorRunner(new S3Destination(), java.time.Clock.systemUTC())
        .run(new String[] {"write", "--config", configFile.toString(), "--catalog", catalogFile.toString()},
            new java.io.ByteArrayInputStream(String.join("\n", stdin).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            stdout);
    List<JsonNode> messages = new ArrayList<>();
    for (String line : stdout.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        JsonNode message = ProtocolCodec.readTree(line);
        assertThat(message.path("type").asText()).as(line).isIn("STATE", "LOG", "TRACE");
        messages.add(message);
      }
    }
    assertThat(code).as(messages.toString()).isZero();
    assertThat(messages).noneMatch(m -> m.at("/trace/type").asText().equals("ERROR"));
    return messages.stream().filter(m -> m.path("type").asText().equals("STATE")).map(m -> m.get("state"))
        .toList();
  }

  private static void assertSucceeded(ConnectorResult result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.errors()).as(result.toString()).isEmpty();
  }

  @Test
  void specIsTheCheckedInSpecAndPassesTheAcceptanceRules() {
    ConnectorResult result = jar().spec();
    assertSucceeded(result);
    List<JsonNode> specs = result.ofType("SPEC");
    assertThat(specs).hasSize(1);
    JsonNode spec = specs.get(0).get("spec");
    assertThat(SpecRules.violations(spec.get("connectionSpecification"))).isEmpty();
    assertThat(spec.get("supported_destination_sync_modes")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("overwrite", "append");
  }

  @Test
  void checkSucceedsOrSaysWhatIsWrongWithoutPrintingSecrets() {
    String bucket = S3.newBucket();
    ConnectorResult ok = jar().check(config(bucket, "{\"format_type\":\"Parquet\"}"));
    assertThat(ok.connectionStatus().get("status").asText()).as(ok.toString()).isEqualTo("SUCCEEDED");

    ObjectNode wrongSecret = config(bucket, "{\"format_type\":\"JSONL\"}").put("secret_access_key", "s3cr3t-VALUE");
    ConnectorResult denied = jar().check(wrongSecret);
    assertThat(denied.exitCode()).isZero();
    assertThat(denied.connectionStatus().get("status").asText()).isEqualTo("FAILED");
    assertThat(denied.connectionStatus().get("message").asText()).contains("secret access key does not match");
    assertThat(denied.stdout() + denied.stderr()).doesNotContain("s3cr3t-VALUE");

    ConnectorResult missing = jar().check(config("missing-bucket-xyz", "{\"format_type\":\"JSONL\"}"));
    assertThat(missing.connectionStatus().get("message").asText()).contains("does not exist");

    ObjectNode badTemplate = config(bucket, "{\"format_type\":\"JSONL\"}").put("s3_path_format", "${TABLE}/")
        .put("file_name_pattern", "{uuid}");
    ConnectorResult invalid = jar().check(badTemplate);
    assertThat(invalid.connectionStatus().get("status").asText()).isEqualTo("FAILED");
    assertThat(invalid.connectionStatus().get("message").asText()).contains("${TABLE}").contains("{uuid}");

    ObjectNode lzo = config(bucket, "{\"format_type\":\"Parquet\",\"compression_codec\":\"LZO\"}");
    assertThat(jar().check(lzo).connectionStatus().get("message").asText()).contains("LZO");
  }

  @Test
  void writesOddNamesAndValuesExactly() {
    String bucket = S3.newBucket();
    String[][] streams = {{"_spøcial", "stream-with:spécial:character_names"}, {null, "1stream_with_a_leading_number"},
        {"_operator-1", "stream_name_with_operator+1"}, {"", "STREAM_WITH_ALL_CAPS"}};
    List<ObjectNode> configured = new ArrayList<>();
    List<String> input = new ArrayList<>();
    List<JsonNode> values = List.of(
        ProtocolCodec.readTreeUnchecked("{\"id\":1,\"text\":\"line\\nbreak\\r\\nand\\u2028separator\"}"),
        ProtocolCodec.readTreeUnchecked("{\"id\":2,\"text\":\"ünïcødé 日本語 🚀 \\\"quotes\\\", commas\"}"),
        ProtocolCodec.readTreeUnchecked("{\"id\":3,\"big\":123456789012345678901234567890.12345678901234567890}"),
        ProtocolCodec.readTreeUnchecked("{\"id\":4,\"big\":-98765432109876543210987654321,\"nested\":[[1,[2,[3]]],[],"
            + "{\"a\":[null]}]}"),
        ProtocolCodec.readTreeUnchecked("{\"id\":5,\"not_in_schema\":{\"x\":1.10},\"also\":\"missing\"}"),
        ProtocolCodec.readTreeUnchecked("{\"id\":6,\"text\":\"\",\"big\":1.0E+2}"));
    for (String[] s : streams) {
      configured.add(stream(s[0], s[1], "append", null, null));
      for (JsonNode v : values) {
        input.add(Messages.record(s[0], s[1], v, 1_700_000_000_000L));
      }
      input.add(Messages.streamState(s[0], s[1], ProtocolCodec.readTreeUnchecked("{\"cursor\":\"" + s[1] + "\"}"), 1));
    }
    ConnectorResult result = jar().write(config(bucket, "{\"format_type\":\"JSONL\"}"),
        Messages.catalog(configured.toArray(ObjectNode[]::new)), input);
    assertSucceeded(result);
    assertThat(result.states()).hasSize(4).allSatisfy(s -> assertThat(s.at("/destinationStats/recordCount")
        .asDouble()).isEqualTo(6.0));
    Map<String, List<ObjectNode>> files = filesByStreamDir(bucket, ".jsonl.gz");
    assertThat(files).containsOnlyKeys("data/_sp_cial/stream-with:special:character_names",
        "data/1stream_with_a_leading_number", "data/_operator-1/stream_name_with_operator+1",
        "data/STREAM_WITH_ALL_CAPS");
    for (List<ObjectNode> rows : files.values()) {
      assertThat(rows).extracting(r -> r.get("_airbyte_data")).containsExactlyElementsOf(values);
      assertThat(ProtocolCodec.serialize(rows.get(2).get("_airbyte_data")))
          .contains("123456789012345678901234567890.12345678901234567890");
    }
  }

  @Test
  void typedFormatsKeepValuesThatDoNotFitWithoutFailing() {
    for (String format : new String[] {"{\"format_type\":\"Avro\",\"compression_codec\":{\"codec\":\"snappy\"}}",
        "{\"format_type\":\"Parquet\",\"compression_codec\":\"ZSTD\"}",
        "{\"format_type\":\"CSV\",\"flattening\":\"Root level flattening\"}"}) {
      String bucket = S3.newBucket();
      List<String> input = new ArrayList<>();
      input.add(Messages.record(null, "odd", ProtocolCodec.readTreeUnchecked("{\"id\":1,\"big\":"
          + "123456789012345678901234567890,\"nested\":[[1,[2]],[]],\"extra\":\"x\\ny\"}"), 1L));
      input.add(Messages.record(null, "odd", ProtocolCodec.readTreeUnchecked("{\"id\":\"not a number\","
          + "\"text\":{\"an\":\"object\"}}"), 2L));
      ConnectorResult result = jar().write(config(bucket, format), Messages.catalog(stream(null, "odd", "append",
          null, null)), input);
      assertSucceeded(result);
      assertThat(S3.list(bucket, "data/odd/")).as(format).hasSize(1);
    }
  }

  @Test
  void echoesLegacyAndGlobalStatesVerbatimWithCountsAcrossStreamsAndNamespaces() throws Exception {
    String bucket = S3.newBucket();
    List<String> input = new ArrayList<>();
    input.add(Messages.record("ns1", "exchange_rate", TestConfigs.json("{\"id\":1}"), 1L));
    input.add(Messages.record("ns2", "exchange_rate", TestConfigs.json("{\"id\":2}"), 1L));
    input.add("");
    input.add("{\"type\":\"STATE\",\"state\":{\"data\":{\"start_date\":\"2022-02-14\",\"n\":1.50}}}");
    input.add(Messages.record("ns1", "exchange_rate", TestConfigs.json("{\"id\":3}"), 1L));
    input.add("{\"type\":\"STATE\",\"state\":{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"lsn\":9}},"
        + "\"id\":7,\"extra\":[1]}}");
    input.add("{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"ignored\"}}");
    input.add(Messages.streamStatus("ns1", "exchange_rate", "COMPLETE"));
    input.add(Messages.streamStatus("ns2", "exchange_rate", "COMPLETE"));
    List<JsonNode> states = runInProcess(config(bucket, "{\"format_type\":\"CSV\",\"flattening\":\"No flattening\"}"),
        Messages.catalog(stream("ns1", "exchange_rate", "overwrite", 12L, 12L),
            stream("ns2", "exchange_rate", "overwrite", 12L, 12L)), input);
    assertThat(states).extracting(ProtocolCodec::serialize).containsExactly(
        "{\"data\":{\"start_date\":\"2022-02-14\",\"n\":1.50},\"destinationStats\":{\"recordCount\":2.0}}",
        "{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"lsn\":9}},\"id\":7,\"extra\":[1],"
            + "\"destinationStats\":{\"recordCount\":1.0}}");
    assertThat(filesByStreamDir(bucket, ".csv.gz")).containsOnlyKeys("data/ns1/exchange_rate",
        "data/ns2/exchange_rate");
  }

  @Test
  void echoesStreamStatesWithCountsPerStreamThroughTheJar() {
    String bucket = S3.newBucket();
    List<String> input = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      input.add(Messages.record("ns1", "a", TestConfigs.json("{\"id\":" + i + "}"), 1L));
      input.add(Messages.record("ns2", "a", TestConfigs.json("{\"id\":" + i + "}"), 1L));
      if (i % 2 == 1) {
        input.add(Messages.streamState("ns1", "a", TestConfigs.json("{\"c\":" + i + "}"), 100 + i));
      }
    }
    input.add(Messages.streamState("ns2", "a", TestConfigs.json("{\"c\":9}"), 200));
    ConnectorResult result = jar().write(config(bucket, "{\"format_type\":\"Avro\",\"compression_codec\":"
        + "{\"codec\":\"Deflate\"}}"), Messages.catalog(stream("ns1", "a", "append", null, null),
        stream("ns2", "a", "append", null, null)), input);
    assertSucceeded(result);
    assertThat(result.states()).extracting(s -> s.get("id").asInt() + ":" + s.at("/destinationStats/recordCount")
        .asInt()).containsExactly("101:2", "103:2", "200:5");
  }

  @Test
  void aStreamStateFinishesTheFilesOfItsOwnStreamOnlyThroughTheJar() {
    String bucket = S3.newBucket();
    ObjectNode config = config(bucket, "{\"format_type\":\"JSONL\",\"compression\":{\"compression_type\":"
        + "\"No Compression\"}}").put("flush_interval_seconds", 1);
    Semaphore echoed = new Semaphore(0);
    String padding = "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"" + " ".repeat(1 << 16) + "\"}}";
    List<String> lines = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      lines.add(Messages.record("ns", "a", TestConfigs.json("{\"id\":" + round + "}"), 1L));
      lines.add(Messages.record("ns", "b", TestConfigs.json("{\"id\":" + (10 + round) + "}"), 1L));
      lines.add(Messages.streamState("ns", "a", TestConfigs.json("{\"c\":" + round + "}"), round));
      lines.add(padding);
    }
    // After each state, the input pauses until the state is echoed: the flush interval, not the end of input,
    // stores its records. (The testkit buffers stdin in 64 KiB: a LOG line that large pushes the state through.)
    Iterator<String> input = new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < lines.size();
      }

      @Override
      public String next() {
        if (next > 0 && padding.equals(lines.get(next - 1))) {
          try {
            assertThat(echoed.tryAcquire(60, TimeUnit.SECONDS)).as("state echoed within the flush interval").isTrue();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
        return lines.get(next++);
      }
    };
    ConnectorResult result = jar().withListener(m -> {
      if ("STATE".equals(m.path("type").asText())) {
        echoed.release();
      }
    }).write(config, Messages.catalog(stream("ns", "a", "append", null, null), stream("ns", "b", "append", null,
        null)), input);
    assertSucceeded(result);
    assertThat(result.states()).hasSize(3);
    assertThat(S3.list(bucket, "data/ns/a/")).as("one file per state of stream a").hasSize(3);
    assertThat(S3.list(bucket, "data/ns/b/")).as("no state names b: its file stays open to the end").hasSize(1);
    assertThat(filesByStreamDir(bucket, ".jsonl").get("data/ns/b")).extracting(r -> r.at("/_airbyte_data/id")
        .asInt()).containsExactly(10, 11, 12);
  }

  @Test
  void basicWriteEchoesTheOneStateAndKeepsMetaChangesAndSyncId() {
    String bucket = S3.newBucket();
    ObjectNode config = config(bucket, "{\"format_type\":\"JSONL\",\"compression\":{\"compression_type\":"
        + "\"No Compression\"}}").put("airbyte_columns", "v2");
    String record = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"test_stream\",\"namespace\":\"ns\",\"data\":"
        + "{\"id\":5678,\"undeclared\":\"asdf\"},\"emitted_at\":1234,\"meta\":{\"changes\":[{\"field\":\"foo\","
        + "\"change\":\"NULLED\",\"reason\":\"SOURCE_SERIALIZATION_ERROR\"}]}}}";
    String state = "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
        + "{\"name\":\"test_stream\",\"namespace\":\"ns\"},\"stream_state\":{\"foo\":\"bar\"}},\"sourceStats\":"
        + "{\"recordCount\":1.0}}}";
    ConnectorResult result = jar().write(config, Messages.catalog(stream("ns", "test_stream", "append", 0L, 0L)),
        List.of(record, state, Messages.streamStatus("ns", "test_stream", "COMPLETE")));
    assertSucceeded(result);
    assertThat(result.states()).hasSize(1);
    ObjectNode expected = (ObjectNode) ProtocolCodec.readTreeUnchecked(state).get("state");
    expected.putObject("destinationStats").put("recordCount", 1.0);
    assertThat(ProtocolCodec.serialize(result.states().get(0))).isEqualTo(ProtocolCodec.serialize(expected));
    ObjectNode row = FileReaders.read(".jsonl", S3.get(bucket, S3.list(bucket, "").get(0).key())).get(0);
    assertThat(row.get("_airbyte_extracted_at").asLong()).isEqualTo(1234);
    assertThat(row.at("/_airbyte_meta/sync_id").asLong()).isEqualTo(42);
    assertThat(row.at("/_airbyte_meta/changes/0/field").asText()).isEqualTo("foo");
    assertThat(row.get("_airbyte_generation_id").asLong()).isZero();
    assertThat(row.at("/_airbyte_data/undeclared").asText()).isEqualTo("asdf");
  }

  private static ConnectorResult sync(String bucket, long generation, long minimum, List<String> records,
      boolean complete, String extraStream) {
    List<String> input = new ArrayList<>(records);
    List<ObjectNode> streams = new ArrayList<>(List.of(stream("ns", "users", "append", generation, minimum)));
    if (extraStream != null) {
      streams.add(stream("ns", extraStream, "append", generation, 0L));
      input.add(Messages.record("ns", extraStream, TestConfigs.json("{\"id\":0}"), 1L));
      input.add(Messages.streamStatus("ns", extraStream, "COMPLETE"));
    }
    if (complete) {
      input.add(Messages.streamStatus("ns", "users", "COMPLETE"));
    }
    return jar().write(config(bucket, "{\"format_type\":\"JSONL\"}"),
        Messages.catalog(streams.toArray(ObjectNode[]::new)), input);
  }

  private static List<Integer> userIds(String bucket) {
    return filesByStreamDir(bucket, ".jsonl.gz").getOrDefault("data/ns/users", List.of()).stream()
        .map(r -> r.at("/_airbyte_data/id").asInt()).sorted().toList();
  }

  @Test
  void truncateRefreshKeepsOnlyTheNewGenerationAndAnInterruptedOneKeepsEverything() {
    String bucket = S3.newBucket();
    assertSucceeded(sync(bucket, 12, 0, List.of(Messages.record("ns", "users", TestConfigs.json("{\"id\":1}"), 1L)),
        true, "other"));
    assertSucceeded(sync(bucket, 13, 13, List.of(Messages.record("ns", "users", TestConfigs.json("{\"id\":2}"), 1L)),
        false, null));
    assertThat(userIds(bucket)).as("interrupted truncate with prior data").containsExactly(1, 2);
    assertSucceeded(sync(bucket, 14, 14, List.of(Messages.record("ns", "users", TestConfigs.json("{\"id\":3}"), 1L)),
        true, null));
    assertThat(userIds(bucket)).as("truncate refresh").containsExactly(3);
    assertThat(filesByStreamDir(bucket, ".jsonl.gz")).containsKey("data/ns/other");
  }

  @Test
  void anInterruptedTruncateWithoutPriorDataWritesTheNewData() {
    String bucket = S3.newBucket();
    assertSucceeded(sync(bucket, 1, 1, List.of(Messages.record("ns", "users", TestConfigs.json("{\"id\":1}"), 1L)),
        false, null));
    assertThat(userIds(bucket)).containsExactly(1);
  }

  @Test
  void clearRemovesTheStreamsDataWithoutRecords() throws Exception {
    String bucket = S3.newBucket();
    assertSucceeded(sync(bucket, 1, 0, List.of(Messages.record("ns", "users", TestConfigs.json("{\"id\":1}"), 1L)),
        true, null));
    List<JsonNode> states = runInProcess(config(bucket, "{\"format_type\":\"JSONL\"}"),
        Messages.catalog(stream("ns", "users", "append", 2L, 2L)),
        List.of("{\"type\":\"STATE\",\"state\":{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":null,"
            + "\"stream_states\":[{\"stream_descriptor\":{\"name\":\"users\",\"namespace\":\"ns\"},"
            + "\"stream_state\":null}]}}}", Messages.streamStatus("ns", "users", "COMPLETE")));
    assertThat(states).hasSize(1);
    assertThat(states.get(0).at("/global/shared_state").isNull()).isTrue();
    assertThat(states.get(0).at("/destinationStats/recordCount").asDouble()).isZero();
    assertThat(S3.list(bucket, "data/ns/users/")).isEmpty();
  }

  @Test
  void completesManyStreams() {
    String bucket = S3.newBucket();
    List<ObjectNode> streams = new ArrayList<>();
    List<String> input = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      streams.add(stream("ns", "s" + i, "append", 1L, 1L));
      input.add(Messages.record("ns", "s" + i, TestConfigs.json("{\"id\":" + i + "}"), 1L));
    }
    for (int i = 0; i < 21; i++) {
      input.add(Messages.streamStatus("ns", "s" + i, "COMPLETE"));
    }
    ConnectorResult result = jar().write(config(bucket, "{\"format_type\":\"Parquet\"}"),
        Messages.catalog(streams.toArray(ObjectNode[]::new)), input);
    assertSucceeded(result);
    assertThat(S3.list(bucket, "data/ns/")).hasSize(21);
  }

  @Test
  void failsWithAConfigErrorBeforeWritingWhenATemplateIsInvalid() {
    String bucket = S3.newBucket();
    ObjectNode config = config(bucket, "{\"format_type\":\"JSONL\"}").put("s3_path_format", "${STREAM}/");
    ConnectorResult result = jar().write(config, Messages.catalog(stream(null, "s", "append", null, null)),
        List.of(Messages.record(null, "s", TestConfigs.json("{\"id\":1}"), 1L)));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errors()).singleElement().satisfies(e -> {
      assertThat(e.get("failure_type").asText()).isEqualTo("config_error");
      assertThat(e.get("message").asText()).contains("${STREAM}");
    });
    assertThat(S3.list(bucket, "")).isEmpty();
  }

  @Test
  void anUnparseableLineFailsTheSyncAfterStoringWhatTheEarlierStatesCover() {
    String bucket = S3.newBucket();
    ConnectorResult result = jar().write(config(bucket, "{\"format_type\":\"JSONL\"}"),
        Messages.catalog(stream(null, "s", "append", null, null)),
        List.of(Messages.record(null, "s", TestConfigs.json("{\"id\":1}"), 1L),
            Messages.streamState(null, "s", TestConfigs.json("{\"c\":1}"), 1),
            Messages.record(null, "s", TestConfigs.json("{\"id\":2}"), 2L), "{\"unparseable",
            Messages.streamState(null, "s", TestConfigs.json("{\"c\":2}"), 2)));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).get("message").asText()).startsWith("stdin line 4 ");
    assertThat(result.states()).extracting(s -> s.get("id").asInt()).containsExactly(1);
    assertThat(S3.list(bucket, "")).hasSize(1);
    String key = S3.list(bucket, "").get(0).key();
    assertThat(key).endsWith(".jsonl.gz");
    assertThat(FileReaders.read(".jsonl.gz", S3.get(bucket, key)))
        .extracting(r -> r.at("/_airbyte_data/id").asInt()).containsExactly(1, 2);
    assertThat(S3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
  }
}
