package dev.awsconnectors.destination.kinesis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.aws.AwsCredentialsConfig;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.ConnectorSpec;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.destination.kinesis.KinesisDestination;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.InvalidPayloads;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.OversizedRecords;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.StreamMode;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KinesisConfigParserTest {
  private static final ConnectorSpec SPEC = new KinesisDestination().spec();

  /** Parses like the runner does: schema validation first, then the parser; every problem together. */
  static KinesisDestinationConfig parse(String json) {
    JsonNode raw = ProtocolCodec.readTreeUnchecked(json);
    var problems = SPEC.validate(raw);
    if (!problems.isEmpty()) {
      throw ConfigReader.invalid(problems);
    }
    ConfigReader reader = ConfigReader.of(raw);
    KinesisDestinationConfig config = KinesisConfigParser.parse(reader);
    reader.throwIfProblems();
    return config;
  }

  @Test
  void anEmptyConfigGetsTheDefaults() {
    KinesisDestinationConfig c = parse("{}");
    assertThat(c.connection().credentials()).isInstanceOf(AwsCredentialsConfig.DefaultChain.class);
    assertThat(c.connection().endpoint()).isEmpty();
    assertThat(c.naming().targetStream()).isEmpty();
    assertThat(c.naming().prefix()).isEmpty();
    assertThat(c.creation().createMissing()).isTrue();
    assertThat(c.creation().mode()).isEqualTo(StreamMode.PROVISIONED);
    assertThat(c.creation().shardCount()).isEqualTo(5);
    assertThat(c.creation().activeTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.payload()).isEqualTo(new PayloadFormat.Envelope(true));
    assertThat(c.partitionKey()).isEqualTo(new PartitionKeySpec.Random());
    assertThat(c.explicitHashKeyField()).isEmpty();
    assertThat(c.oversizedRecords()).isEqualTo(OversizedRecords.FAIL);
    assertThat(c.aggregation().enabled()).isFalse();
    assertThat(c.aggregation().maxBytes()).isEqualTo(256 * 1024);
    assertThat(c.sending().maxEntriesPerRequest()).isEqualTo(500);
    assertThat(c.sending().flushInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.sending().maxConcurrentRequests()).isEqualTo(4);
    assertThat(c.sending().preserveKeyOrder()).isTrue();
    assertThat(c.connection().retry().maxAttempts()).isEqualTo(20);
    assertThat(c.connection().retry().budget()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void anAirbyte015ConfigKeepsWorking() {
    KinesisDestinationConfig c = parse("""
        {"endpoint":"kinesis.us-west-1.amazonaws.com","region":"us-west-1","shardCount":2,
         "accessKey":"AKIAEXAMPLE","privateKey":"secret/example","bufferSize":100}""");
    assertThat(c.connection().endpoint()).contains(URI.create("https://kinesis.us-west-1.amazonaws.com"));
    assertThat(c.connection().region().orElseThrow().id()).isEqualTo("us-west-1");
    assertThat(c.creation().shardCount()).isEqualTo(2);
    var keys = (AwsCredentialsConfig.StaticKeys) c.connection().credentials();
    assertThat(keys.accessKeyId()).isEqualTo("AKIAEXAMPLE");
    assertThat(keys.secretAccessKey().reveal()).isEqualTo("secret/example");
    assertThat(c.sending().maxEntriesPerRequest()).isEqualTo(100);
    assertThat(c.payload()).isEqualTo(new PayloadFormat.Envelope(true));
  }

  @Test
  void blankAirbyteFieldsMeanNotSet() {
    KinesisDestinationConfig c = parse("""
        {"endpoint":"","region":"","accessKey":"","privateKey":"","shardCount":5,"bufferSize":100}""");
    assertThat(c.connection().endpoint()).isEmpty();
    assertThat(c.connection().region()).isEmpty();
    assertThat(c.connection().credentials()).isInstanceOf(AwsCredentialsConfig.DefaultChain.class);
  }

  @Test
  void mapsEveryField() {
    KinesisDestinationConfig c = parse("""
        {"endpoint":"http://127.0.0.1:4566","region":"eu-west-1","accessKey":"a","privateKey":"b",
         "role_arn":"arn:aws:iam::123456789012:role/writer","role_external_id":"ext",
         "shardCount":3,"stream_mode":"ON_DEMAND","create_streams":false,"stream_creation_timeout_seconds":30,
         "stream_prefix":"raw.",
         "payload":{"mode":"projection","fields":["id","customer.name:name","/a.b/c:c"]},
         "partition_key":{"mode":"fields","fields":["customer.id","/region"]},
         "explicit_hash_key_field":"hash","preserve_key_order":false,
         "aggregation":true,"aggregation_max_kib":64,"on_oversized_record":"SKIP",
         "bufferSize":250,"flush_interval_ms":50,"max_concurrent_requests":8,
         "retry_max_attempts":7,"retry_max_seconds":60}""");
    assertThat(c.connection().assumeRole().orElseThrow().roleArn()).isEqualTo("arn:aws:iam::123456789012:role/writer");
    assertThat(c.connection().assumeRole().orElseThrow().externalId().orElseThrow().reveal()).isEqualTo("ext");
    assertThat(c.creation().mode()).isEqualTo(StreamMode.ON_DEMAND);
    assertThat(c.creation().createMissing()).isFalse();
    assertThat(c.creation().activeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.naming().prefix()).isEqualTo("raw.");
    var projection = (PayloadFormat.Projection) c.payload();
    assertThat(projection.fields()).extracting(PayloadFormat.Projected::target).containsExactly("id", "name", "c");
    assertThat(projection.fields().get(2).source().segments()).containsExactly("a.b", "c");
    var key = (PartitionKeySpec.Fields) c.partitionKey();
    assertThat(key.fields()).extracting(Object::toString).containsExactly("customer.id", "/region");
    assertThat(c.explicitHashKeyField().orElseThrow().segments()).containsExactly("hash");
    assertThat(c.sending().preserveKeyOrder()).isFalse();
    assertThat(c.aggregation().enabled()).isTrue();
    assertThat(c.aggregation().maxBytes()).isEqualTo(64 * 1024);
    assertThat(c.oversizedRecords()).isEqualTo(OversizedRecords.SKIP);
    assertThat(c.sending().maxEntriesPerRequest()).isEqualTo(250);
    assertThat(c.sending().flushInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.sending().maxConcurrentRequests()).isEqualTo(8);
    assertThat(c.connection().retry().maxAttempts()).isEqualTo(7);
    assertThat(c.connection().retry().budget()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void readsEveryPayloadAndPartitionKeyMode() {
    assertThat(parse("{\"payload\":{\"mode\":\"envelope_object\"}}").payload())
        .isEqualTo(new PayloadFormat.Envelope(false));
    assertThat(parse("{\"payload\":{\"mode\":\"data\"}}").payload()).isEqualTo(new PayloadFormat.Data());
    assertThat(((PayloadFormat.Field) parse("{\"payload\":{\"mode\":\"field\",\"field\":\"message\"}}").payload())
        .field().segments()).containsExactly("message");
    assertThat(parse("{\"partition_key\":{\"mode\":\"stream\"}}").partitionKey())
        .isEqualTo(new PartitionKeySpec.SourceStream());
    assertThat(parse("{\"partition_key\":{\"mode\":\"constant\",\"value\":\"all\"}}").partitionKey())
        .isEqualTo(new PartitionKeySpec.Constant("all"));
    assertThat(parse("{\"target_stream\":\"events\"}").naming().targetStream()).contains("events");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> parse("""
        {"target_stream":"events","stream_prefix":"p_","accessKey":"only-the-id",
         "payload":{"mode":"projection","fields":["a..b"]},"explicit_hash_key_field":"x..y"}"""))
        .isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("'stream_prefix' is not used with 'target_stream'")
        .hasMessageContaining("'privateKey' is required when 'accessKey' is set")
        .hasMessageContaining("'payload.fields' has the field path 'a..b'")
        .hasMessageContaining("'explicit_hash_key_field' has the field path 'x..y'");
  }

  @Test
  void theSchemaRejectsOutOfRangeValues() {
    assertThatThrownBy(() -> parse("{\"bufferSize\":501}")).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("bufferSize");
    assertThatThrownBy(() -> parse("{\"target_stream\":\"has space\"}")).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("target_stream");
    assertThatThrownBy(() -> parse("{\"shardCount\":0}")).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("shardCount");
  }

  @Test
  void readsTheTemplateModesAndParsesTheTemplatesOnce() {
    KinesisDestinationConfig c = parse("""
        {"payload":{"mode":"template","template":"{\\"id\\": {{ row.id | json }}}"},
         "partition_key":{"mode":"template","template":"{{ row.customer.id }}-{{ row.region }}"},
         "on_invalid_payload":"SKIP"}""");
    assertThat(((PayloadFormat.Template) c.payload()).template().text()).isEqualTo("{\"id\": {{ row.id | json }}}");
    assertThat(((PartitionKeySpec.Template) c.partitionKey()).template().text())
        .isEqualTo("{{ row.customer.id }}-{{ row.region }}");
    assertThat(c.invalidPayloads()).isEqualTo(InvalidPayloads.SKIP);
    assertThat(parse("{}").invalidPayloads()).isEqualTo(InvalidPayloads.FAIL);
    assertThat(parse("{\"payload\":{\"mode\":\"envelope_v2\"}}").payload()).isEqualTo(new PayloadFormat.EnvelopeV2());
  }

  @Test
  void aTemplateSyntaxErrorIsAConfigErrorWithItsLineAndColumn() {
    assertThatThrownBy(() -> parse("""
        {"payload":{"mode":"template","template":"{\\n  \\"a\\": {{ row.a | nosuch }}\\n}"},
         "partition_key":{"mode":"template","template":"{% if row.a %}x"}}"""))
        .isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("'payload.template' is not a valid Liquid template: there is no filter named 'nosuch' "
            + "(line 2, column 19)")
        .hasMessageContaining("'partition_key.template' is not a valid Liquid template: ")
        .hasMessageContaining("(line 1, column");
  }

  @Test
  void aTemplateKeepsItsLeadingLinesSoLineNumbersAreTheUsers() {
    assertThatThrownBy(() -> parse("{\"payload\":{\"mode\":\"template\",\"template\":\"\\n\\n  {{ row.a | nosuch }}\"}}"))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("(line 3, column 14)");
  }

  @Test
  void aTemplateModeWithoutATemplateIsRefusedBySchemaAndParser() {
    assertThatThrownBy(() -> parse("{\"payload\":{\"mode\":\"template\"}}")).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("payload.template");
    assertThatThrownBy(() -> parse("{\"payload\":{\"mode\":\"template\",\"template\":\"\"}}"))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("payload.template");
  }

  @Test
  void modeErrorsNameTheBadValue() {
    assertThatThrownBy(() -> parse("{\"payload\":{\"mode\":\"liquid\"}}")).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("'payload.mode'").hasMessageContaining("'liquid'");
    assertThatThrownBy(() -> parse("{\"partition_key\":{\"mode\":\"hash\"}}"))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("'partition_key.mode'")
        .hasMessageContaining("'hash'");
  }

}
