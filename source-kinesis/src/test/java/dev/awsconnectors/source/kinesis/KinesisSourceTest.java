package dev.awsconnectors.source.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.AirbyteCatalog;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.read.ReadTuning;
import dev.awsconnectors.source.kinesis.shard.FakeKinesis;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.SpecRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KinesisSourceTest {
  private final FakeKinesis kinesis = new FakeKinesis();
  private final KinesisSource source = new KinesisSource(config -> kinesis, ReadTuning.DEFAULT);

  @Test
  void theSpecPassesTheAcceptanceRulesAndMarksSecrets() {
    JsonNode spec = source.spec().specification().connectionSpecification();
    assertThat(SpecRules.violations(spec)).isEmpty();
    for (String secret : List.of("access_key_id", "secret_access_key", "session_token", "role_external_id")) {
      assertThat(spec.at("/properties/" + secret + "/airbyte_secret").asBoolean()).as(secret).isTrue();
    }
    assertThat(source.spec().specification().supportsIncremental()).isTrue();
  }

  @Test
  void discoverOffersEveryStreamWithBothModesACursorAndAKey() {
    kinesis.stream("orders", "a").stream("clicks", "a");
    AirbyteCatalog catalog = source.discover(SourceHarness.parse(source, Messages.object()));
    JsonNode message = ProtocolCodec.readTreeUnchecked(ProtocolCodec.serialize(AirbyteMessage.of(catalog)));
    assertThat(CatalogRules.discoveryViolations(List.of(message))).isEmpty();
    assertThat(message.at("/catalog/streams")).extracting(s -> s.get("name").asText())
        .containsExactly("orders", "clicks");
    JsonNode stream = message.at("/catalog/streams/0");
    assertThat(stream.get("supported_sync_modes").toString()).isEqualTo("[\"full_refresh\",\"incremental\"]");
    assertThat(stream.get("default_cursor_field").toString())
        .isEqualTo("[\"_kinesis_approximate_arrival_timestamp\"]");
    assertThat(stream.get("source_defined_primary_key").toString()).isEqualTo("[[\"_kinesis_message_id\"]]");
    assertThat(stream.get("is_resumable").asBoolean()).isTrue();
    assertThat(stream.at("/json_schema/properties").fieldNames()).toIterable()
        .as("no payload was sampled: nothing but the metadata is declared").isNotEmpty()
        .allMatch(f -> f.startsWith("_kinesis_"));
  }

  @Test
  void theNestedLayoutKeepsThePlainMetadataNamesAndThePayloadUnderData() {
    kinesis.stream("orders", "a");
    JsonNode stream = source.discover(SourceHarness.parse(source, Messages.json("{\"record_layout\":\"nested\"}")))
        .streams().get(0).jsonSchema();
    assertThat(stream.at("/properties/data/type").asText()).isEqualTo("object");
    assertThat(stream.get("properties").has("message_id")).isTrue();
    assertThat(stream.get("properties").has("_kinesis_message_id")).isFalse();
  }

  @Test
  void discoverWithParsingOffHasNoDataObject() {
    kinesis.stream("orders", "a");
    AirbyteCatalog catalog = source.discover(SourceHarness.parse(source, Messages.json("{\"parse_json\":false}")));
    JsonNode properties = catalog.streams().get(0).jsonSchema().get("properties");
    assertThat(properties.has("data")).isFalse();
    assertThat(properties.has("_kinesis_data_base64")).isTrue();
  }

  @Test
  void discoverDeclaresThePayloadSchemaInferredFromASampleOfEveryShard() {
    kinesis.stream("orders", "a", "b").stream("clicks", "a");
    kinesis.put("orders", "a", "k", "{\"id\":1,\"total\":12.50,\"at\":\"2024-05-01T10:00:00Z\"}");
    kinesis.put("orders", "b", "k", "{\"id\":2,\"lines\":[{\"sku\":\"x\",\"qty\":1}]}", "not json");
    kinesis.put("clicks", "a", "k", "plain text");
    AirbyteCatalog catalog = source.discover(SourceHarness.parse(source, Messages.object()));
    JsonNode message = ProtocolCodec.readTreeUnchecked(ProtocolCodec.serialize(AirbyteMessage.of(catalog)));
    assertThat(CatalogRules.discoveryViolations(List.of(message))).isEmpty();
    JsonNode properties = catalog.streams().get(0).jsonSchema().get("properties");
    assertThat(properties.fieldNames()).toIterable().startsWith("id", "total", "at", "lines", "_kinesis_message_id");
    assertThat(properties.get("total").toString()).isEqualTo("{\"type\":[\"null\",\"number\"]}");
    assertThat(properties.at("/lines/items/properties/qty/type").asText()).isEqualTo("integer");
    assertThat(properties.at("/at/format").asText()).isEqualTo("date-time");
    assertThat(catalog.streams().get(1).jsonSchema().get("properties").fieldNames()).toIterable()
        .as("no payload of clicks is a JSON object").allMatch(f -> f.startsWith("_kinesis_"));
    JsonNode nested = source.discover(SourceHarness.parse(source, Messages.json("{\"record_layout\":\"nested\"}")))
        .streams().get(0).jsonSchema().at("/properties/data/properties");
    assertThat(nested.fieldNames()).toIterable().containsExactly("id", "total", "at", "lines");
    assertThat(kinesis.calls()).noneMatch(c -> c.contains("LATEST") || c.contains("SEQUENCE_NUMBER"));
  }

  @Test
  void aPayloadSchemaGivenByTheUserReplacesInference() {
    kinesis.stream("orders", "a");
    kinesis.put("orders", "a", "k", "{\"id\":\"text\"}");
    AirbyteCatalog catalog = source.discover(SourceHarness.parse(source, Messages.json(
        "{\"stream_schemas\":\"{\\\"orders\\\":{\\\"id\\\":\\\"integer\\\"}}\"}")));
    assertThat(catalog.streams().get(0).jsonSchema().at("/properties/id").toString())
        .isEqualTo("{\"type\":[\"null\",\"integer\"]}");
    assertThat(kinesis.calls()).noneMatch(c -> c.startsWith("getRecords"));
  }

  @Test
  void withoutInferenceOrParsingDiscoverReadsNoRecord() {
    kinesis.stream("orders", "a");
    kinesis.put("orders", "a", "k", "{\"id\":1}");
    for (String config : List.of("{\"infer_schema\":false}", "{\"parse_json\":false}")) {
      AirbyteCatalog catalog = source.discover(SourceHarness.parse(source, Messages.json(config)));
      assertThat(catalog.streams().get(0).jsonSchema().at("/properties/id").isMissingNode()).as(config).isTrue();
    }
    assertThat(kinesis.calls()).noneMatch(c -> c.startsWith("getRecords") || c.startsWith("shardIterator"));
  }

  @Test
  void aStreamThatCannotBeSampledKeepsTheSchemaWithoutInference() {
    kinesis.stream("orders", "a");
    kinesis.put("orders", "a", "k", "{\"id\":1}");
    kinesis.failGetRecords("a", 5, () -> new ConfigErrorException("not authorized to call GetRecords"));
    AirbyteCatalog catalog = source.discover(SourceHarness.parse(source, Messages.object()));
    assertThat(catalog.streams().get(0).jsonSchema().at("/properties/id").isMissingNode()).isTrue();
  }

  @Test
  void discoverOfConfiguredStreamsNamesEveryMissingOne() {
    kinesis.stream("orders", "a");
    assertThatThrownBy(() -> source.discover(SourceHarness.parse(source,
        Messages.json("{\"streams\":[\"orders\",\"nope1\",\"nope2\"]}"))))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("nope1").hasMessageContaining("nope2");
  }

  @Test
  void discoverWithoutAnyStreamIsAConfigError() {
    assertThatThrownBy(() -> source.discover(SourceHarness.parse(source, Messages.object())))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("No Kinesis stream");
  }

  @Test
  void checkReadsOneShardOfEachConfiguredStreamAndReportsEveryProblem() {
    kinesis.stream("orders", "a", "b");
    AirbyteConnectionStatus ok = source.check(SourceHarness.parse(source, Messages.json("{\"streams\":[\"orders\"]}")));
    assertThat(ok.status()).isEqualTo(AirbyteConnectionStatus.Status.SUCCEEDED);
    assertThat(kinesis.calls()).contains("describeStream orders", "shardIterator a LATEST");
    assertThat(kinesis.calls().stream().filter(c -> c.startsWith("getRecords"))).hasSize(1);

    AirbyteConnectionStatus failed = source.check(SourceHarness.parse(source,
        Messages.json("{\"streams\":[\"x1\",\"orders\",\"x2\"]}")));
    assertThat(failed.status()).isEqualTo(AirbyteConnectionStatus.Status.FAILED);
    assertThat(failed.message()).contains("x1").contains("x2");
  }

  @Test
  void checkWithoutAStreamListNeedsAtLeastOneStream() {
    assertThat(source.check(SourceHarness.parse(source, Messages.object())).message())
        .contains("No Kinesis stream");
    kinesis.stream("any", "a");
    assertThat(source.check(SourceHarness.parse(source, Messages.object())).status())
        .isEqualTo(AirbyteConnectionStatus.Status.SUCCEEDED);
  }

  @Test
  void checkTurnsAClientThatCannotBeCreatedIntoAFailedStatus() {
    KinesisSource broken = new KinesisSource(config -> {
      throw new ConfigErrorException("Access denied while loading the AWS credentials");
    }, ReadTuning.DEFAULT);
    assertThat(broken.check(SourceHarness.parse(broken, Messages.object())).message()).contains("Access denied");
  }

  @Test
  void checkReachesKinesisWithTheRetryPolicyBoundedForACheckAndReadsWithTheUsersOwn() {
    List<KinesisSourceConfig> opened = new ArrayList<>();
    KinesisSource recording = new KinesisSource(config -> {
      opened.add(config);
      return kinesis;
    }, ReadTuning.DEFAULT);
    kinesis.stream("orders", "a");
    KinesisSourceConfig config = SourceHarness.parse(recording,
        Messages.json("{\"retry_max_attempts\":20,\"retry_max_seconds\":600}"));
    recording.check(config);
    recording.discover(config);
    assertThat(opened).hasSize(2);
    assertThat(opened.get(0).aws().retry()).isEqualTo(config.aws().retry().forCheck())
        .isNotEqualTo(config.aws().retry());
    assertThat(opened.get(0).withAws(config.aws())).isEqualTo(config);
    assertThat(opened.get(1)).isEqualTo(config);
  }
}
