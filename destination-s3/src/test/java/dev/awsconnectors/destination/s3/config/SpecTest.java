package dev.awsconnectors.destination.s3.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.config.ConnectorSpec;
import dev.awsconnectors.destination.s3.S3Destination;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.testkit.SpecRules;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class SpecTest {
  private final ConnectorSpec spec = ConnectorSpec.load(S3Destination.class);
  private final JsonNode connection = spec.specification().connectionSpecification();

  @Test
  void passesTheConnectorAcceptanceTestRules() {
    assertThat(SpecRules.violations(connection)).isEmpty();
  }

  @Test
  void offersEveryAirbyteFieldUnderItsName() {
    assertThat(connection.get("properties").fieldNames()).toIterable().contains("access_key_id",
        "secret_access_key", "role_arn", "s3_bucket_name", "s3_bucket_path", "s3_bucket_region", "format",
        "s3_endpoint", "s3_path_format", "file_name_pattern");
    assertThat(connection.at("/properties/access_key_id/airbyte_secret").asBoolean()).isTrue();
    assertThat(connection.at("/properties/secret_access_key/airbyte_secret").asBoolean()).isTrue();
    assertThat(connection.at("/properties/role_external_id/airbyte_secret").asBoolean()).isTrue();
    assertThat(spec.specification().supportedDestinationSyncModes()).extracting(Enum::name)
        .containsExactlyInAnyOrder("OVERWRITE", "APPEND");
  }

  @Test
  void usesAirbytesEnumStringsAndDefaults() {
    List<String> formats = new ArrayList<>();
    connection.at("/properties/format/oneOf").forEach(v -> formats.add(v.at("/properties/format_type/const")
        .asText()));
    assertThat(formats).containsExactlyInAnyOrder("CSV", "JSONL", "Avro", "Parquet");
    JsonNode parquet = variant(connection.at("/properties/format/oneOf"), "format_type", "Parquet");
    // Airbyte also lists LZO and BROTLI, whose codecs are not on Maven Central: not offered rather than refused.
    assertThat(parquet.at("/properties/compression_codec/enum")).extracting(JsonNode::asText)
        .containsExactly("UNCOMPRESSED", "SNAPPY", "GZIP", "LZ4", "ZSTD");
    assertThat(parquet.at("/properties/block_size_mb/default").asInt()).isEqualTo(128);
    assertThat(parquet.at("/properties/max_padding_size_mb/default").asInt()).isEqualTo(8);
    assertThat(parquet.at("/properties/page_size_kb/default").asInt()).isEqualTo(1024);
    assertThat(parquet.at("/properties/dictionary_page_size_kb/default").asInt()).isEqualTo(1024);
    assertThat(parquet.at("/properties/dictionary_encoding/default").asBoolean()).isTrue();
    JsonNode avro = variant(connection.at("/properties/format/oneOf"), "format_type", "Avro");
    List<String> codecs = new ArrayList<>();
    avro.at("/properties/compression_codec/oneOf").forEach(v -> codecs.add(v.at("/properties/codec/const").asText()));
    assertThat(codecs).containsExactly("no compression", "Deflate", "bzip2", "xz", "zstandard", "snappy");
    JsonNode csv = variant(connection.at("/properties/format/oneOf"), "format_type", "CSV");
    assertThat(csv.at("/properties/flattening/enum")).extracting(JsonNode::asText)
        .containsExactly("No flattening", "Root level flattening");
    List<String> compressions = new ArrayList<>();
    csv.at("/properties/compression/oneOf").forEach(v -> compressions.add(v.at("/properties/compression_type/const")
        .asText()));
    assertThat(compressions).containsExactly("No Compression", "GZIP");
    assertThat(connection.at("/properties/s3_path_format/default").asText())
        .isEqualTo("${NAMESPACE}/${STREAM_NAME}/${YEAR}_${MONTH}_${DAY}_${EPOCH}_");
  }

  @Test
  void acceptsConfigurationsWrittenForAirbytesConnector() {
    ObjectNode legacy = TestConfigs.json("{\"access_key_id\":\"A\",\"secret_access_key\":\"B\","
        + "\"s3_bucket_name\":\"bucket\",\"s3_bucket_path\":\"data_sync/test\",\"s3_bucket_region\":\"us-east-1\","
        + "\"s3_endpoint\":\"\",\"s3_path_format\":\"${NAMESPACE}/${STREAM_NAME}/\",\"file_name_pattern\":\"{date}\","
        + "\"format\":{\"format_type\":\"Avro\",\"compression_codec\":{\"codec\":\"zstandard\","
        + "\"compression_level\":3,\"include_checksum\":false}}}");
    assertThat(spec.validate(legacy)).isEmpty();
    ObjectNode parquet = legacy.deepCopy();
    parquet.set("format", TestConfigs.json("{\"format_type\":\"Parquet\",\"compression_codec\":\"SNAPPY\","
        + "\"block_size_mb\":128,\"max_padding_size_mb\":8,\"page_size_kb\":1024,\"dictionary_page_size_kb\":1024,"
        + "\"dictionary_encoding\":true}"));
    assertThat(spec.validate(parquet)).isEmpty();
    ObjectNode csv = legacy.deepCopy();
    csv.set("format", TestConfigs.json("{\"format_type\":\"CSV\",\"flattening\":\"No flattening\","
        + "\"compression\":{\"compression_type\":\"GZIP\"}}"));
    assertThat(spec.validate(csv)).isEmpty();
  }

  @Test
  void rejectsAnUnknownFormatType() {
    ObjectNode bad = TestConfigs.json("{\"s3_bucket_name\":\"bucket\",\"s3_bucket_path\":\"p\","
        + "\"format\":{\"format_type\":\"ORC\"}}");
    assertThat(spec.validate(bad)).containsExactly(
        "'format.format_type' must be one of [CSV, JSONL, Avro, Parquet] (was 'ORC')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"format_type\":\"CSV\"}", "{\"format_type\":\"JSONL\"}",
      "{\"format_type\":\"Avro\"}", "{\"format_type\":\"Parquet\"}",
      "{\"format_type\":\"Avro\",\"compression_codec\":{\"codec\":\"snappy\"}}",
      "{\"format_type\":\"CSV\",\"compression\":{\"compression_type\":\"No Compression\"}}"})
  void acceptsTheDocumentedMinimalFormats(String format) {
    ObjectNode config = TestConfigs.json("{\"s3_bucket_name\":\"bucket\",\"s3_bucket_path\":\"p\","
        + "\"format\":" + format + "}");
    assertThat(spec.validate(config)).isEmpty();
  }

  static Stream<Arguments> otherSpellingsOfAChoiceAreNamedWithTheAcceptedOnes() {
    return Stream.of(
        Arguments.of("{\"format_type\":\"jsonl\"}",
            "'format.format_type' must be one of [CSV, JSONL, Avro, Parquet] (was 'jsonl')"),
        Arguments.of("{\"format_type\":\"Avro\",\"compression_codec\":{\"codec\":\"SNAPPY\"}}",
            "'format.compression_codec.codec' must be one of [no compression, Deflate, bzip2, xz, zstandard, "
                + "snappy] (was 'SNAPPY')"),
        Arguments.of("{\"format_type\":\"JSONL\",\"compression\":{\"compression_type\":\"gzip\"}}",
            "'format.compression.compression_type' must be one of [No Compression, GZIP] (was 'gzip')"));
  }

  @ParameterizedTest
  @MethodSource
  void otherSpellingsOfAChoiceAreNamedWithTheAcceptedOnes(String format, String problem) {
    ObjectNode config = TestConfigs.json("{\"s3_bucket_name\":\"bucket\",\"s3_bucket_path\":\"p\","
        + "\"format\":" + format + "}");
    assertThat(spec.validate(config)).containsExactly(problem);
  }

  @Test
  void rendersWellInAirbytesUi() {
    for (String field : List.of("s3_bucket_name", "s3_bucket_path", "s3_bucket_region", "access_key_id",
        "secret_access_key")) {
      assertThat(connection.at("/properties/" + field + "/always_show").asBoolean()).as(field).isTrue();
    }
    List<String> problems = new ArrayList<>();
    uiProblems(connection, "$", problems);
    assertThat(problems).isEmpty();
  }

  /** oneOf options without {@code type: object}, patterns without {@code pattern_descriptor}. */
  private static void uiProblems(JsonNode schema, String path, List<String> problems) {
    if (schema.has("pattern") && !schema.has("pattern_descriptor")) {
      problems.add(path + ": pattern without pattern_descriptor");
    }
    for (int i = 0; i < schema.path("oneOf").size(); i++) {
      JsonNode option = schema.get("oneOf").get(i);
      if (!option.path("type").asText().equals("object")) {
        problems.add(path + ".oneOf[" + i + "]: option without type object");
      }
      uiProblems(option, path + ".oneOf[" + i + "]", problems);
    }
    schema.path("properties").fields().forEachRemaining(p -> uiProblems(p.getValue(), path + "." + p.getKey(),
        problems));
  }

  @Test
  void declaresTheSharedRetryFieldsAsEveryConnectorDoes() {
    JsonNode attempts = connection.at("/properties/retry_max_attempts");
    JsonNode seconds = connection.at("/properties/retry_max_seconds");
    assertThat(attempts.path("type").asText()).isEqualTo("integer");
    assertThat(attempts.path("default").asInt()).isEqualTo(20);
    assertThat(attempts.path("minimum").asInt()).isEqualTo(1);
    assertThat(attempts.path("maximum").asInt()).isEqualTo(1000);
    assertThat(attempts.path("description").asText()).contains("every AWS call");
    assertThat(seconds.path("default").asInt()).isEqualTo(300);
    assertThat(seconds.path("minimum").asInt()).isEqualTo(1);
    assertThat(seconds.path("maximum").asInt()).isEqualTo(86_400);
  }

  private static JsonNode variant(JsonNode oneOf, String discriminator, String value) {
    for (JsonNode v : oneOf) {
      if (v.at("/properties/" + discriminator + "/const").asText().equals(value)) {
        return v;
      }
    }
    throw new AssertionError("No variant " + value);
  }
}
