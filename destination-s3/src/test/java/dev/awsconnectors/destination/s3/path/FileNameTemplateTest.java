package dev.awsconnectors.destination.s3.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNameTemplateTest {
  private static final Instant CREATED = Instant.parse("2024-01-31T23:59:58.123456Z");

  private static String render(String pattern, long part, String syncId) {
    return FileNameTemplate.parse(pattern, ".csv.gz").render(new FileNameTemplate.Values(CREATED, part, syncId));
  }

  @Test
  void defaultsToPartNumberAndExtension() {
    assertThat(render(null, 0, "")).isEqualTo("0.csv.gz");
    assertThat(render("  ", 12, "")).isEqualTo("12.csv.gz");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{date}|2024_01_31",
      "{date:yyyy_MM}|2024_01",
      "{date:yyyy-MM-dd'T'HH}|2024-01-31T23",
      "{timestamp}|1706745598123",
      "{timestamp:millis}|1706745598123",
      "{timestamp:micros}|1706745598123456",
      "{timestamp:micro}|1706745598123456",
      "{part_number}|7",
      "{sync_id}|42",
      "{format_extension}|.csv.gz",
      "part_{part_number}{format_extension}|part_7.csv.gz",
      "{date}_{sync_id}_{part_number}|2024_01_31_42_7",
      "no_extension_{part_number}|no_extension_7"})
  void rendersEveryPlaceholder(String pattern, String expected) {
    assertThat(render(pattern, 7, "42")).isEqualTo(expected);
  }

  @Test
  void trimsAndTurnsSpacesIntoUnderscoresLikeAirbyte() {
    assertThat(render("  my file {part_number} ", 1, "")).isEqualTo("my_file_1");
  }

  @Test
  void rejectsUnknownPlaceholdersListingTheKnownOnes() {
    assertThatThrownBy(() -> FileNameTemplate.parse("{uuid}", ".avro"))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.problems().get(0))
            .contains("unknown placeholder {uuid}").contains("{timestamp:micros}"));
  }

  @Test
  void pointsOutPathFormatSyntaxInAFileName() {
    assertThatThrownBy(() -> FileNameTemplate.parse("${part_number}", ".avro"))
        .hasMessageContaining("written without '$'");
  }

  @Test
  void rejectsUnbalancedBracesAndBadDatePatterns() {
    assertThatThrownBy(() -> FileNameTemplate.parse("{date", ".avro")).hasMessageContaining("without a closing");
    assertThatThrownBy(() -> FileNameTemplate.parse("a}", ".avro")).hasMessageContaining("without an opening");
    assertThatThrownBy(() -> FileNameTemplate.parse("{date:bbb}", ".avro"))
        .hasMessageContaining("invalid date pattern {date:bbb}");
  }

  @Test
  void putsTheClashSuffixBeforeTheExtension() {
    FileNameTemplate withExtension = FileNameTemplate.parse("{date}{format_extension}", ".csv.gz");
    assertThat(withExtension.withSuffix("2024_01_31.csv.gz", 2)).isEqualTo("2024_01_31-2.csv.gz");
    FileNameTemplate without = FileNameTemplate.parse("{date}", ".csv.gz");
    assertThat(without.withSuffix("2024_01_31", 1)).isEqualTo("2024_01_31-1");
  }

  @Test
  void recognizesItsOwnNamesAndTheirPartNumbers() {
    FileNameTemplate names = FileNameTemplate.parse("part_{part_number}{format_extension}", ".parquet");
    assertThat(names.partNumberOf("part_41.parquet")).hasValue(41);
    assertThat(names.partNumberOf("part_41-3.parquet")).hasValue(41);
    assertThat(names.partNumberOf("part_x.parquet")).isEmpty();
    assertThat(names.partNumberOf("other.parquet")).isEmpty();
    assertThat(FileNameTemplate.parse("{date}", ".avro").partNumberOf("2024_01_31")).isEmpty();
    assertThat(names.literalPrefix()).isEqualTo("part_");
    assertThat(FileNameTemplate.parse(null, ".avro").literalPrefix()).isEmpty();
  }

  @Test
  void itsRegexMatchesEveryNameItProduces() {
    for (String pattern : new String[] {null, "{date}", "{date:yyyy/MM}_{timestamp}", "{sync_id}-{part_number}x",
        "{timestamp:micros}{format_extension}"}) {
      FileNameTemplate names = FileNameTemplate.parse(pattern, ".jsonl");
      Pattern regex = Pattern.compile(names.regex());
      String name = names.render(new FileNameTemplate.Values(CREATED, 3, "99"));
      assertThat(regex.matcher(name).matches()).as(pattern).isTrue();
      assertThat(regex.matcher(names.withSuffix(name, 4)).matches()).as(pattern + " suffixed").isTrue();
    }
  }

  @Test
  void knowsWhetherNamesCarryAPartNumber() {
    assertThat(FileNameTemplate.parse(null, ".avro").usesPartNumber()).isTrue();
    assertThat(FileNameTemplate.parse("{timestamp}", ".avro").usesPartNumber()).isFalse();
  }
}
