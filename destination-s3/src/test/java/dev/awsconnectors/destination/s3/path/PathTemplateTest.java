package dev.awsconnectors.destination.s3.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {
  /** 2024-01-31T04:05:06.007Z */
  private static final SyncTime TIME = new SyncTime(Instant.parse("2024-01-31T04:05:06.007Z"));
  private static final UUID ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
  private static final JsonNode NO_DATA = ProtocolCodec.mapper().createObjectNode();

  private static String render(String bucketPath, String format, String namespace, String stream) {
    return PathTemplate.parse(bucketPath, format).bind(namespace, stream, TIME, ID).render(NO_DATA);
  }

  private static String field(String format, String json) {
    return PathTemplate.parse("", format).bind("ns", "s", TIME, ID).render(ProtocolCodec.readTreeUnchecked(json));
  }

  @Test
  void rendersTheDefaultFormatLikeAirbyte() {
    assertThat(render("data_output_path", null, "public", "users"))
        .isEqualTo("data_output_path/public/users/2024_01_31_1706673906007_");
    assertThat(render("data_output_path", " ", "public", "users"))
        .isEqualTo("data_output_path/public/users/2024_01_31_1706673906007_");
  }

  @ParameterizedTest
  @CsvSource({
      "${YEAR}, 2024",
      "${MONTH}, 01",
      "${DAY}, 31",
      "${HOUR}, 04",
      "${MINUTE}, 05",
      "${SECOND}, 06",
      "${MILLISECOND}, 0007",
      "${EPOCH}, 1706673906007",
      "${UUID}, 0f8fad5b-d9cb-469f-a165-70867728950e",
      "${NAMESPACE}, ns",
      "${STREAM_NAME}, s"})
  void formatsEachVariableExactlyAsAirbyte(String variable, String expected) {
    assertThat(render("", variable, "ns", "s")).isEqualTo(expected);
  }

  @Test
  void usesTheSyncStartInUtcForEveryPath() {
    SyncTime late = new SyncTime(Instant.parse("2023-12-31T23:59:59.999Z"));
    String path = PathTemplate.parse("b", "${YEAR}/${MONTH}/${DAY}/${HOUR}${MINUTE}${SECOND}${MILLISECOND}")
        .bind(null, "s", late, ID).render(NO_DATA);
    assertThat(path).isEqualTo("b/2023/12/31/2359590999");
  }

  @Test
  void collapsesRepeatedSlashesAndDropsLeadingOnes() {
    assertThat(render("data/", "/${NAMESPACE}//${STREAM_NAME}/", null, "users")).isEqualTo("data/users/");
    assertThat(render("", "${NAMESPACE}/${STREAM_NAME}/", "", "users")).isEqualTo("users/");
    assertThat(render("/a//b/", "c", null, "s")).isEqualTo("a/b/c");
  }

  @Test
  void addsNoSlashBetweenPathAndFileName() {
    assertThat(render("p", "${STREAM_NAME}/foo", null, "my_stream")).isEqualTo("p/my_stream/foo");
    assertThat(render("p", "${STREAM_NAME}_", null, "my_stream")).isEqualTo("p/my_stream_");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "streamWithCamelCase|streamWithCamelCase",
      "stream_with_spécial_character|stream_with_special_character",
      "stream-with:spécial:character_names|stream-with:special:character_names",
      "stream_name_with_operator+1|stream_name_with_operator+1",
      "1stream_with_a_leading_number|1stream_with_a_leading_number",
      "_spøcial|_sp_cial",
      "with space and \"quote\"|with_space_and__quote_",
      "日本語|___",
      "a/b|a/b"})
  void makesNamesS3SafeLikeAirbyte(String name, String expected) {
    assertThat(render("", "${STREAM_NAME}", null, name)).isEqualTo(expected);
  }

  @Test
  void theSameUuidServesEveryPathOfAStream() {
    PathTemplate.StreamPath path = PathTemplate.parse("", "${UUID}/").bind(null, "s", TIME, ID);
    assertThat(path.render(NO_DATA)).isEqualTo(path.render(NO_DATA)).isEqualTo(ID + "/");
  }

  @Test
  void rejectsUnknownVariablesNamingTheKnownOnes() {
    assertThatThrownBy(() -> PathTemplate.parse("", "${NAMESPACE}/${TABLE}/"))
        .isInstanceOfSatisfying(TemplateException.class, e -> {
          assertThat(e.problems()).hasSize(1);
          assertThat(e.problems().get(0)).startsWith("the path format uses the unknown variable ${TABLE}")
              .contains("${STREAM_NAME}").contains("${FIELD:<field>}");
        });
  }

  @Test
  void suggestsUpperCaseForLowerCaseVariables() {
    assertThatThrownBy(() -> PathTemplate.parse("", "${stream_name}"))
        .hasMessageContaining("variables are upper case: ${STREAM_NAME}");
    assertThatThrownBy(() -> PathTemplate.parse("", "${field:a}"))
        .hasMessageContaining("${FIELD:a}");
  }

  @Test
  void rejectsBracesOutsideVariables() {
    assertThatThrownBy(() -> PathTemplate.parse("", "{STREAM_NAME}/"))
        .hasMessageContaining("'{' outside a ${VARIABLE}").hasMessageContaining("did you mean ${STREAM_NAME}?");
    assertThatThrownBy(() -> PathTemplate.parse("", "a}b")).hasMessageContaining("'}' outside");
  }

  @Test
  void rejectsAnUnclosedVariable() {
    assertThatThrownBy(() -> PathTemplate.parse("", "${STREAM_NAME")).hasMessageContaining("without a closing '}'");
  }

  @Test
  void reportsEveryProblemOfBothPartsAtOnce() {
    assertThatThrownBy(() -> PathTemplate.parse("${X}", "${Y}/{Z}"))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.problems()).hasSize(4)
            .anyMatch(p -> p.startsWith("the bucket path"))
            .anyMatch(p -> p.startsWith("the path format")));
  }

  @Test
  void bucketPathMayUseVariablesToo() {
    assertThat(render("exports/${YEAR}", "${STREAM_NAME}/", null, "s")).isEqualTo("exports/2024/s/");
  }

  @Test
  void aKeepsALiteralDollarSign() {
    assertThat(render("$data", "${STREAM_NAME}$/", null, "s")).isEqualTo("$data/s$/");
  }

  @Test
  void partitionsByARecordField() {
    assertThat(field("${STREAM_NAME}/country=${FIELD:country}/", "{\"country\":\"FR\"}")).isEqualTo("s/country=FR/");
    assertThat(field("${FIELD:address.city}/", "{\"address\":{\"city\":\"Paris\"}}")).isEqualTo("Paris/");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}|__null__",
      "{\"f\":null}|__null__",
      "{\"f\":\"\"}|__empty__",
      "{\"f\":{\"a\":1}}|__invalid__",
      "{\"f\":[1]}|__invalid__",
      "{\"f\":\"a/b\"}|a_b",
      "{\"f\":\"..\"}|__",
      "{\"f\":\"é ü\"}|e_u",
      "{\"f\":12345678901234567890123}|12345678901234567890123",
      "{\"f\":1.50}|1.50",
      "{\"f\":true}|true",
      "{\"g\":{\"f\":1}}|__null__"})
  void rendersEveryFieldValueDeterministically(String data, String expected) {
    assertThat(field("${FIELD:f}", data)).isEqualTo(expected);
  }

  @Test
  void aMissingParentGivesNull() {
    assertThat(field("${FIELD:a.b}", "{\"a\":\"text\"}")).isEqualTo("__null__");
  }

  @Test
  void shortensLongValuesWithAHashSoThatDistinctValuesStayDistinct() {
    String a = field("${FIELD:f}", "{\"f\":\"" + "x".repeat(300) + "a\"}");
    String b = field("${FIELD:f}", "{\"f\":\"" + "x".repeat(300) + "b\"}");
    assertThat(a).hasSize(S3Names.MAX_PARTITION_VALUE_LENGTH).isNotEqualTo(b).contains("~");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2024-01-31|2024-01-31",
      "2024-01-31T10:00:00Z|2024-01-31",
      "2024-01-31T23:30:00-02:00|2024-02-01",
      "2024-01-31T23:30:00.123456+05:30|2024-01-31",
      "2024-01-31 23:30:00|2024-01-31",
      "2024-01-31T23:30|2024-01-31",
      "2024-01-31T23:30:00+0100|2024-01-31",
      "not a date|__invalid__",
      "2024-13-01|__invalid__"})
  void formatsDateFieldsInUtc(String value, String expected) {
    assertThat(field("${FIELD:at:yyyy-MM-dd}", "{\"at\":\"" + value + "\"}")).isEqualTo(expected);
  }

  @Test
  void aDatePatternMayAddDirectories() {
    assertThat(field("${FIELD:at:'year='yyyy/'month='MM}/", "{\"at\":\"2024-02-03T00:00:00Z\"}"))
        .isEqualTo("year=2024/month=02/");
    assertThat(field("${FIELD:at:HH:mm}", "{\"at\":\"2024-02-03T07:08:00Z\"}")).isEqualTo("07:08");
  }

  @Test
  void aNumberIsNotADate() {
    assertThat(field("${FIELD:at:yyyy}", "{\"at\":1706673906007}")).isEqualTo("__invalid__");
    assertThat(field("${FIELD:at:yyyy}", "{}")).isEqualTo("__null__");
  }

  @Test
  void rejectsInvalidFieldVariables() {
    assertThatThrownBy(() -> PathTemplate.parse("", "${FIELD:}")).hasMessageContaining("needs a field name");
    assertThatThrownBy(() -> PathTemplate.parse("", "${FIELD:a..b}")).hasMessageContaining("needs a field name");
    assertThatThrownBy(() -> PathTemplate.parse("", "${FIELD:a:}")).hasMessageContaining("empty date pattern");
    assertThatThrownBy(() -> PathTemplate.parse("", "${FIELD:a:yyyy-bb}"))
        .hasMessageContaining("invalid date pattern 'yyyy-bb'");
  }

  @Test
  void describesEveryPathOfAStreamWithARegexAndAListingPrefix() {
    PathTemplate template = PathTemplate.parse("out", null);
    PathTemplate.StreamPath users = template.bind("public", "users", TIME, ID);
    Pattern pattern = Pattern.compile(users.regex());
    assertThat(users.listingPrefix()).isEqualTo("out/public/users/");
    assertThat(pattern.matcher(users.render(NO_DATA)).matches()).isTrue();
    String otherSync = template.bind("public", "users", new SyncTime(Instant.parse("2021-06-01T00:00:00Z")),
        UUID.randomUUID()).render(NO_DATA);
    assertThat(pattern.matcher(otherSync).matches()).isTrue();
    String otherStream = template.bind("public", "users2", TIME, ID).render(NO_DATA);
    assertThat(pattern.matcher(otherStream).matches()).isFalse();
  }

  @Test
  void theRegexCoversFieldPartitions() {
    PathTemplate.StreamPath path = PathTemplate.parse("", "${STREAM_NAME}/d=${FIELD:d:yyyy/MM}/c=${FIELD:c}/")
        .bind(null, "s", TIME, ID);
    String rendered = path.render(ProtocolCodec.readTreeUnchecked("{\"d\":\"2024-05-06\",\"c\":\"x y\"}"));
    assertThat(rendered).isEqualTo("s/d=2024/05/c=x_y/");
    assertThat(Pattern.compile(path.regex()).matcher(rendered).matches()).isTrue();
    assertThat(path.listingPrefix()).isEqualTo("s/d=");
    assertThat(path.isConstant()).isFalse();
  }

  @Test
  void knowsWhetherPathsDependOnTheSyncOrOnRecords() {
    assertThat(PathTemplate.parse("", "${STREAM_NAME}/").bind(null, "s", TIME, ID).isSyncIndependent()).isTrue();
    assertThat(PathTemplate.parse("", null).bind(null, "s", TIME, ID).isSyncIndependent()).isFalse();
    assertThat(PathTemplate.parse("", null).bind(null, "s", TIME, ID).isConstant()).isTrue();
    assertThat(PathTemplate.parse("", "${FIELD:a}").hasFields()).isTrue();
    assertThat(PathTemplate.parse("", null).usesStreamName()).isTrue();
    assertThat(PathTemplate.parse("", "all/").usesStreamName()).isFalse();
  }
}
