package dev.awsconnectors.destination.s3.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.aws.AwsCredentialsConfig;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.format.AirbyteColumns;
import dev.awsconnectors.format.FileFormat;
import dev.awsconnectors.format.FileFormat.AvroCodec;
import dev.awsconnectors.format.FileFormat.Compression;
import dev.awsconnectors.format.FileFormat.Flattening;
import dev.awsconnectors.format.FileFormat.ParquetCodec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class S3ConfigParserTest {
  private static final long MIB = 1024L * 1024;

  private static ObjectNode base(String format) {
    return TestConfigs.json("{\"s3_bucket_name\":\"my-bucket\",\"s3_bucket_path\":\"data\","
        + "\"s3_bucket_region\":\"us-east-1\",\"format\":" + format + "}");
  }

  private static S3Config parse(ObjectNode json) {
    return TestConfigs.parse(json);
  }

  private static S3Config parse(ObjectNode json, Map<String, String> env, long heap) {
    ConfigReader reader = ConfigReader.of(json);
    S3Config config = new S3ConfigParser(env, heap).parse(reader);
    reader.throwIfProblems();
    return config;
  }

  @Test
  void appliesAirbytesDefaultsAndOurs() {
    S3Config config = parse(base("{\"format_type\":\"CSV\",\"flattening\":\"No flattening\"}"), Map.of(),
        1000 * MIB);
    assertThat(config.bucket()).isEqualTo("my-bucket");
    assertThat(config.path().source()).isEqualTo("data/${NAMESPACE}/${STREAM_NAME}/${YEAR}_${MONTH}_${DAY}_${EPOCH}_");
    assertThat(config.fileName().source()).isEqualTo("{part_number}{format_extension}");
    assertThat(config.format()).isEqualTo(new FileFormat.Csv(Flattening.NONE, Compression.GZIP));
    assertThat(config.columns()).isEqualTo(AirbyteColumns.V1);
    assertThat(config.encryption()).isEqualTo(new Encryption.BucketDefault());
    assertThat(config.targetFileSizeBytes()).isEqualTo(200 * MIB);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.memoryBudgetBytes()).isEqualTo(400 * MIB);
    assertThat(config.aws().credentials()).isInstanceOf(AwsCredentialsConfig.DefaultChain.class);
    assertThat(config.regionConfigured()).isTrue();
    assertThat(config.customEndpoint()).isFalse();
  }

  @Test
  void readsEveryOptionalField() {
    ObjectNode json = base("{\"format_type\":\"JSONL\",\"flattening\":\"Root level flattening\","
        + "\"compression\":{\"compression_type\":\"No Compression\"}}");
    json.put("access_key_id", "AKIA").put("secret_access_key", "secret").put("s3_endpoint", "http://localhost:9000")
        .put("s3_path_format", "${STREAM_NAME}/").put("file_name_pattern", "{timestamp}{format_extension}")
        .put("airbyte_columns", "v2").put("target_file_size_mb", 50).put("flush_interval_seconds", 0)
        .put("memory_budget_mb", 64);
    json.set("server_side_encryption", TestConfigs.json(
        "{\"encryption_type\":\"SSE-KMS\",\"kms_key_id\":\"alias/k\",\"bucket_key_enabled\":true}"));
    S3Config config = parse(json);
    assertThat(config.format()).isEqualTo(new FileFormat.Jsonl(Flattening.ROOT_LEVEL, Compression.NONE));
    assertThat(config.path().source()).isEqualTo("data/${STREAM_NAME}/");
    assertThat(config.fileName().source()).isEqualTo("{timestamp}{format_extension}");
    assertThat(config.fileName().extension()).isEqualTo(".jsonl");
    assertThat(config.columns()).isEqualTo(AirbyteColumns.V2);
    assertThat(config.targetFileSizeBytes()).isEqualTo(50 * MIB);
    assertThat(config.flushInterval()).isZero();
    assertThat(config.memoryBudgetBytes()).isEqualTo(64 * MIB);
    assertThat(config.encryption()).isEqualTo(new Encryption.Kms(Optional.of("alias/k"), true));
    assertThat(config.customEndpoint()).isTrue();
    assertThat(config.aws().credentials()).isInstanceOf(AwsCredentialsConfig.StaticKeys.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"codec\":\"no compression\"}|NULL|0|false",
      "{\"codec\":\"Deflate\"}|DEFLATE|0|false",
      "{\"codec\":\"Deflate\",\"compression_level\":9}|DEFLATE|9|false",
      "{\"codec\":\"bzip2\"}|BZIP2|0|false",
      "{\"codec\":\"xz\"}|XZ|6|false",
      "{\"codec\":\"xz\",\"compression_level\":1}|XZ|1|false",
      "{\"codec\":\"zstandard\"}|ZSTANDARD|3|false",
      "{\"codec\":\"zstandard\",\"compression_level\":-5,\"include_checksum\":true}|ZSTANDARD|-5|true",
      "{\"codec\":\"snappy\"}|SNAPPY|0|false",
      "{\"codec\":\"SNAPPY\"}|SNAPPY|0|false"})
  void readsEveryAvroCodecWithAirbytesDefaults(String codec, AvroCodec expected, int level, boolean checksum) {
    S3Config config = parse(base("{\"format_type\":\"Avro\",\"compression_codec\":" + codec + "}"));
    assertThat(config.format()).isEqualTo(new FileFormat.Avro(expected, level, checksum));
    assertThat(config.fileName().extension()).isEqualTo(".avro");
  }

  @Test
  void readsParquetWithAirbytesDefaults() {
    assertThat(parse(base("{\"format_type\":\"Parquet\"}")).format())
        .isEqualTo(new FileFormat.Parquet(ParquetCodec.UNCOMPRESSED, 128, 8, 1024, 1024, true));
    assertThat(parse(base("{\"format_type\":\"Parquet\",\"compression_codec\":\"ZSTD\",\"block_size_mb\":64,"
        + "\"max_padding_size_mb\":0,\"page_size_kb\":512,\"dictionary_page_size_kb\":256,"
        + "\"dictionary_encoding\":false}")).format())
        .isEqualTo(new FileFormat.Parquet(ParquetCodec.ZSTD, 64, 0, 512, 256, false));
  }

  @ParameterizedTest
  @CsvSource({"LZO", "BROTLI", "Snappy2"})
  void namesAnUnknownParquetCodecAndTheKnownOnes(String codec) {
    assertThatThrownBy(() -> parse(base("{\"format_type\":\"Parquet\",\"compression_codec\":\"" + codec + "\"}")))
        .isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("'format.compression_codec' must be one of UNCOMPRESSED, SNAPPY, GZIP, LZ4, ZSTD (was '"
            + codec.toUpperCase(java.util.Locale.ROOT) + "')");
  }

  @Test
  void everyFormatNeedsOnlyItsTypeTheRestHasTheDocumentedDefaults() {
    assertThat(parse(base("{\"format_type\":\"CSV\"}")).format())
        .isEqualTo(new FileFormat.Csv(Flattening.NONE, Compression.GZIP));
    assertThat(parse(base("{\"format_type\":\"JSONL\"}")).format())
        .isEqualTo(new FileFormat.Jsonl(Flattening.NONE, Compression.GZIP));
    assertThat(parse(base("{\"format_type\":\"Avro\"}")).format())
        .isEqualTo(new FileFormat.Avro(AvroCodec.NULL, 0, false));
    assertThat(parse(base("{\"format_type\":\"Parquet\"}")).format())
        .isEqualTo(new FileFormat.Parquet(ParquetCodec.UNCOMPRESSED, 128, 8, 1024, 1024, true));
  }

  static Stream<Arguments> everyBadChoiceNamesTheValueItGot() {
    return Stream.of(
        Arguments.of("{\"format_type\":\"ORC\"}",
            "'format.format_type' must be one of Avro, CSV, JSONL, Parquet (was 'ORC')"),
        Arguments.of("{\"format_type\":\"CSV\",\"flattening\":\"flat\"}",
            "'format.flattening' must be 'No flattening' or 'Root level flattening' (was 'flat')"),
        Arguments.of("{\"format_type\":\"JSONL\",\"compression\":{\"compression_type\":\"zip\"}}",
            "'format.compression.compression_type' must be 'No Compression' or 'GZIP' (was 'zip')"),
        Arguments.of("{\"format_type\":\"Avro\",\"compression_codec\":{\"codec\":\"lz4\"}}",
            "'format.compression_codec.codec' must be one of 'no compression', Deflate, bzip2, xz, zstandard, "
                + "snappy (was 'lz4')"));
  }

  @ParameterizedTest
  @MethodSource
  void everyBadChoiceNamesTheValueItGot(String format, String message) {
    assertThatThrownBy(() -> parse(base(format))).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining(message);
  }

  @Test
  void csvAndJsonlCompressWithGzipUnlessToldOtherwise() {
    assertThat(parse(base("{\"format_type\":\"JSONL\"}")).format())
        .isEqualTo(new FileFormat.Jsonl(Flattening.NONE, Compression.GZIP));
    assertThat(parse(base("{\"format_type\":\"CSV\",\"flattening\":\"Root level flattening\","
        + "\"compression\":{\"compression_type\":\"GZIP\"}}")).format())
        .isEqualTo(new FileFormat.Csv(Flattening.ROOT_LEVEL, Compression.GZIP));
    assertThat(parse(base("{\"format_type\":\"csv\",\"flattening\":\"No flattening\"}")).fileName().extension())
        .isEqualTo(".csv.gz");
  }

  @Test
  void reportsEveryTemplateProblemUnderItsField() {
    ObjectNode json = base("{\"format_type\":\"JSONL\"}");
    json.put("s3_bucket_path", "${BUCKET}").put("s3_path_format", "${STREAM}/").put("file_name_pattern", "{uuid}");
    assertThatThrownBy(() -> parse(json)).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("(3 problems)")
        .hasMessageContaining("'s3_bucket_path' uses the unknown variable ${BUCKET}")
        .hasMessageContaining("'s3_path_format' uses the unknown variable ${STREAM}")
        .hasMessageContaining("'file_name_pattern' uses the unknown placeholder {uuid}");
  }

  @Test
  void takesTheExternalIdFromTheEnvironmentWhenTheFieldIsEmpty() {
    ObjectNode json = base("{\"format_type\":\"JSONL\"}").put("role_arn", "arn:aws:iam::123456789012:role/r");
    S3Config fromEnv = parse(json, Map.of(S3ConfigParser.EXTERNAL_ID_ENV, "workspace-1"), 1000 * MIB);
    assertThat(fromEnv.aws().assumeRole().orElseThrow().externalId().orElseThrow().reveal()).isEqualTo("workspace-1");
    json.put("role_external_id", "from-field");
    S3Config fromField = parse(json, Map.of(S3ConfigParser.EXTERNAL_ID_ENV, "workspace-1"), 1000 * MIB);
    assertThat(fromField.aws().assumeRole().orElseThrow().externalId().orElseThrow().reveal()).isEqualTo("from-field");
    json.remove("role_arn");
    assertThat(parse(base("{\"format_type\":\"JSONL\"}"), Map.of(S3ConfigParser.EXTERNAL_ID_ENV, "w"), MIB)
        .aws().assumeRole()).isEmpty();
  }

  @Test
  void anEmptyRegionIsNotConfigured() {
    ObjectNode json = base("{\"format_type\":\"JSONL\"}").put("s3_bucket_region", "");
    assertThat(parse(json).regionConfigured()).isFalse();
    assertThat(parse(json).aws().region()).isEmpty();
  }

  @Test
  void refusesAnUnencryptedRemoteEndpointUnlessAllowed() {
    ObjectNode json = base("{\"format_type\":\"JSONL\"}").put("s3_endpoint", "http://minio:9000");
    assertThatThrownBy(() -> parse(json)).hasMessageContaining("allow_insecure_endpoint");
    json.put("allow_insecure_endpoint", true);
    assertThat(parse(json).aws().endpoint()).hasValueSatisfying(u -> assertThat(u.toString())
        .isEqualTo("http://minio:9000"));
  }

  @Test
  void rejectsAPathInTheBucketName() {
    ObjectNode json = base("{\"format_type\":\"JSONL\"}").put("s3_bucket_name", "s3://bucket/path");
    assertThatThrownBy(() -> parse(json)).hasMessageContaining("'s3_bucket_name' is not a bucket name");
  }

  @Test
  void readsServerSideEncryptionChoices() {
    ObjectNode json = base("{\"format_type\":\"JSONL\"}");
    json.set("server_side_encryption", TestConfigs.json("{\"encryption_type\":\"SSE-S3\"}"));
    assertThat(parse(json).encryption()).isEqualTo(new Encryption.S3Managed());
    json.set("server_side_encryption", TestConfigs.json("{\"encryption_type\":\"SSE-KMS\"}"));
    assertThat(parse(json).encryption()).isEqualTo(new Encryption.Kms(Optional.empty(), false));
    json.set("server_side_encryption", TestConfigs.json("{\"encryption_type\":\"none\"}"));
    assertThat(parse(json).encryption()).isEqualTo(new Encryption.BucketDefault());
  }

  @Test
  void readsTheSharedRetrySettings() {
    S3Config defaults = parse(base("{\"format_type\":\"JSONL\"}"));
    assertThat(defaults.aws().retry().maxAttempts()).isEqualTo(20);
    assertThat(defaults.aws().retry().budget()).isEqualTo(Duration.ofSeconds(300));
    ObjectNode json = base("{\"format_type\":\"JSONL\"}").put("retry_max_attempts", 5)
        .put("retry_max_seconds", 60);
    assertThat(parse(json).aws().retry().maxAttempts()).isEqualTo(5);
    assertThat(parse(json).aws().retry().budget()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theMemoryBudgetHasAFloor() {
    assertThat(parse(base("{\"format_type\":\"JSONL\"}"), Map.of(), 10 * MIB).memoryBudgetBytes())
        .isEqualTo(16 * MIB);
  }
}
