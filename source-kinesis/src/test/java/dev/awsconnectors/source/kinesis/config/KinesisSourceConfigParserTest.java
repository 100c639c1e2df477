package dev.awsconnectors.source.kinesis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.source.kinesis.KinesisSource;
import dev.awsconnectors.testkit.Messages;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KinesisSourceConfigParserTest {
  private static final KinesisSource SOURCE = new KinesisSource();

  private static KinesisSourceConfig parse(ObjectNode json) {
    List<String> schemaProblems = SOURCE.spec().validate(json);
    if (!schemaProblems.isEmpty()) {
      throw ConfigReader.invalid(schemaProblems);
    }
    ConfigReader reader = ConfigReader.of(json);
    KinesisSourceConfig config = KinesisSourceConfigParser.parse(reader);
    reader.throwIfProblems();
    return config;
  }

  @Test
  void anEmptyConfigGetsTheDocumentedDefaults() {
    KinesisSourceConfig config = parse(Messages.object());
    assertThat(config.streams()).isEmpty();
    assertThat(config.hasStreamList()).isFalse();
    assertThat(config.startPosition()).isEqualTo(StartPosition.trimHorizon());
    assertThat(config.parseJson()).isTrue();
    assertThat(config.recordsPerCall()).isEqualTo(10_000);
    assertThat(config.caughtUpMillisBehindLatest()).isEqualTo(1_000);
    assertThat(config.maxRecordsPerSync()).isEmpty();
    assertThat(config.maxSyncDuration()).isEmpty();
    assertThat(config.maxConcurrentShards()).isEqualTo(8);
    assertThat(config.checkpoint()).isEqualTo(KinesisSourceConfig.CheckpointInterval.DEFAULT);
    assertThat(config.aws().region()).isEmpty();
    assertThat(config.aws().endpoint()).isEmpty();
    assertThat(config.keepMisplacedRecords()).isFalse();
    assertThat(config.layout()).isEqualTo(RecordLayout.FLATTENED);
    assertThat(config.schema().infer()).isTrue();
    assertThat(config.schema().sampleRecords()).isEqualTo(1000);
    assertThat(config.schema().sampleTime()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.schema().userSchemas()).isEmpty();
  }

  @Test
  void everyFieldMapsToTheConfig() {
    ObjectNode json = Messages.json("{\"region\":\"eu-west-1\",\"endpoint\":\"http://localhost:4566\","
        + "\"access_key_id\":\"AKIA\",\"secret_access_key\":\"s\",\"streams\":[\"a\",\"b.c-d_e\"],"
        + "\"start_position\":\"AT_TIMESTAMP\",\"start_timestamp\":\"2024-05-01T02:00:00+02:00\","
        + "\"parse_json\":false,\"records_per_call\":500,\"milliseconds_behind_latest\":0,"
        + "\"max_records_per_sync\":1234,\"max_sync_duration_seconds\":60,\"max_concurrent_shards\":3,"
        + "\"checkpoint_every_records\":50,\"checkpoint_every_seconds\":5,\"keep_misplaced_records\":true,"
        + "\"record_layout\":\"nested\",\"infer_schema\":false,\"schema_sample_records\":50,\"schema_sample_seconds\":3,"
        + "\"stream_schemas\":\"{\\\"a\\\":{\\\"id\\\":\\\"integer\\\"}}\"}");
    KinesisSourceConfig config = parse(json);
    assertThat(config.streams()).containsExactly("a", "b.c-d_e");
    assertThat(config.startPosition()).isEqualTo(StartPosition.atTimestamp(Instant.parse("2024-05-01T00:00:00Z")));
    assertThat(config.parseJson()).isFalse();
    assertThat(config.recordsPerCall()).isEqualTo(500);
    assertThat(config.caughtUpMillisBehindLatest()).isZero();
    assertThat(config.maxRecordsPerSync()).isEqualTo(OptionalLong.of(1234));
    assertThat(config.maxSyncDuration()).contains(Duration.ofSeconds(60));
    assertThat(config.maxConcurrentShards()).isEqualTo(3);
    assertThat(config.checkpoint()).isEqualTo(new KinesisSourceConfig.CheckpointInterval(50, Duration.ofSeconds(5)));
    assertThat(config.aws().region().orElseThrow().id()).isEqualTo("eu-west-1");
    assertThat(config.aws().endpoint().orElseThrow().toString()).isEqualTo("http://localhost:4566");
    assertThat(config.keepMisplacedRecords()).isTrue();
    assertThat(config.layout()).isEqualTo(RecordLayout.NESTED);
    assertThat(config.schema().infer()).isFalse();
    assertThat(config.schema().sampleRecords()).isEqualTo(50);
    assertThat(config.schema().sampleTime()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.schema().userSchema("a").orElseThrow().toString()).isEqualTo("{\"type\":\"object\","
        + "\"additionalProperties\":true,\"properties\":{\"id\":{\"type\":[\"null\",\"integer\"]}}}");
    assertThat(config.schema().userSchema("b")).isEmpty();
  }

  @Test
  void streamSchemasThatCannotBeUsedAreProblemsNamingTheStream() {
    assertThatThrownBy(() -> parse(Messages.json("{\"stream_schemas\":\"{oops\"}")))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("'stream_schemas' is not valid JSON");
    assertThatThrownBy(() -> parse(Messages.json("{\"streams\":[\"a\"],\"stream_schemas\":"
        + "\"{\\\"b\\\":{\\\"id\\\":\\\"integer\\\"}}\"}")))
        .isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("'stream_schemas' gives a schema for the stream 'b', which is not in 'streams' [a]");
    assertThatThrownBy(() -> parse(Messages.json("{\"stream_schemas\":"
        + "\"{\\\"a\\\":{\\\"id\\\":\\\"int\\\"}}\"}")))
        .isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("the schema of stream 'a' gives field 'id' the type \"int\"");
  }

  @Test
  void blankOptionalFieldsCountAsUnset() {
    KinesisSourceConfig config = parse(Messages.json("{\"start_timestamp\":\"\",\"region\":\"\",\"endpoint\":\"\"}"));
    assertThat(config.startPosition()).isEqualTo(StartPosition.trimHorizon());
  }

  @Test
  void latestNeedsNoTimestamp() {
    assertThat(parse(Messages.json("{\"start_position\":\"LATEST\"}")).startPosition())
        .isEqualTo(StartPosition.latest());
  }

  @Test
  void atTimestampWithoutATimestampIsAProblem() {
    assertThatThrownBy(() -> parse(Messages.json("{\"start_position\":\"AT_TIMESTAMP\"}")))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("'start_timestamp' is required");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(() -> parse(Messages.json("{\"records_per_call\":0,\"max_concurrent_shards\":65,"
        + "\"streams\":[\"ok\",\"ok\"],\"start_position\":\"SOMEWHERE\",\"access_key_id\":\"AKIA\"}")))
        .isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("records_per_call").hasMessageContaining("max_concurrent_shards")
        .hasMessageContaining("start_position");
    assertThatThrownBy(() -> parse(Messages.json("{\"streams\":[\"ok\",\"ok\"],\"access_key_id\":\"AKIA\"}")))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("twice")
        .hasMessageContaining("secret_access_key");
  }

  @Test
  void aTimestampWithoutZoneIsRefusedByTheSpec() {
    assertThatThrownBy(() -> parse(Messages.json("{\"start_position\":\"AT_TIMESTAMP\","
        + "\"start_timestamp\":\"2024-05-01T00:00:00\"}"))).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("start_timestamp");
  }

  @Test
  void latestIsResolvedToTheTimeOfTheFirstSync() {
    Instant now = Instant.parse("2024-06-01T10:00:00Z");
    assertThat(StartPosition.latest().resolve(now)).contains(now);
    assertThat(StartPosition.trimHorizon().resolve(now)).isEmpty();
    Instant at = Instant.parse("2024-01-01T00:00:00Z");
    assertThat(StartPosition.atTimestamp(at).resolve(now)).isEqualTo(Optional.of(at));
  }

  @Test
  void aStartPositionCannotMixKindAndTimestamp() {
    assertThatThrownBy(() -> new StartPosition(StartPosition.Kind.LATEST, Optional.of(Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StartPosition(StartPosition.Kind.AT_TIMESTAMP, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
