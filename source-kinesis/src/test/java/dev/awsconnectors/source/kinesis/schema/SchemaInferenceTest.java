package dev.awsconnectors.source.kinesis.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaInferenceTest {

  /** The inferred schema of {@code payloads}, as compact JSON text. */
  private static String infer(String... payloads) {
    SchemaInference inference = new SchemaInference();
    for (String p : payloads) {
      inference.observe(Messages.json(p));
    }
    return inference.schema().orElseThrow().toString();
  }

  /** The inferred schema of field {@code x} across the payloads {@code {"x": value}}. */
  private static String field(String... values) {
    SchemaInference inference = new SchemaInference();
    for (String v : values) {
      inference.observe(Messages.json("{\"x\":" + v + "}"));
    }
    return inference.schema().orElseThrow().get("properties").get("x").toString();
  }

  @Test
  void everyJsonTypeGetsItsSchema() {
    assertThat(infer("{\"b\":true,\"i\":7,\"n\":12.50,\"s\":\"text\",\"o\":{\"k\":\"v\"},\"a\":[1,2]}"))
        .isEqualTo("{\"type\":\"object\",\"additionalProperties\":true,\"properties\":{"
            + "\"b\":{\"type\":\"boolean\"},\"i\":{\"type\":\"integer\"},\"n\":{\"type\":\"number\"},"
            + "\"s\":{\"type\":\"string\"},"
            + "\"o\":{\"type\":\"object\",\"additionalProperties\":true,\"properties\":{\"k\":{\"type\":\"string\"}}},"
            + "\"a\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}}");
  }

  @Test
  void integersAndDecimalsTogetherAreNumbers() {
    assertThat(field("1", "2.5")).isEqualTo("{\"type\":\"number\"}");
    assertThat(field("1", "2")).isEqualTo("{\"type\":\"integer\"}");
    assertThat(field("1.0")).as("1.0 is not a strict integer").isEqualTo("{\"type\":\"number\"}");
    assertThat(field("1e3")).isEqualTo("{\"type\":\"number\"}");
    assertThat(field("-9223372036854775808", "9223372036854775807")).isEqualTo("{\"type\":\"integer\"}");
  }

  @Test
  void integersBeyondSixtyFourBitsAreBigIntegers() {
    assertThat(field("9223372036854775808")).isEqualTo("{\"type\":\"number\",\"airbyte_type\":\"big_integer\"}");
    assertThat(field("1", "-123456789012345678901234567890"))
        .isEqualTo("{\"type\":\"number\",\"airbyte_type\":\"big_integer\"}");
    assertThat(field("123456789012345678901234567890", "0.5")).isEqualTo("{\"type\":\"number\"}");
  }

  @Test
  void conflictingTypesBecomeAUnion() {
    assertThat(field("1", "\"one\"")).isEqualTo("{\"type\":[\"integer\",\"string\"]}");
    assertThat(field("true", "1.5", "\"x\"", "[1]", "{\"a\":1}", "null")).isEqualTo(
        "{\"type\":[\"null\",\"boolean\",\"number\",\"string\",\"array\",\"object\"],\"items\":{\"type\":\"integer\"},"
            + "\"additionalProperties\":true,\"properties\":{\"a\":{\"type\":\"integer\"}}}");
    assertThat(field("\"2024-05-01T10:00:00Z\"", "5"))
        .isEqualTo("{\"type\":[\"integer\",\"string\"],\"format\":\"date-time\","
            + "\"airbyte_type\":\"timestamp_with_timezone\"}");
  }

  @Test
  void aFieldThatIsNullOrMissingSomewhereIsNullable() {
    assertThat(field("1", "null")).isEqualTo("{\"type\":[\"null\",\"integer\"]}");
    String schema = infer("{\"a\":1,\"b\":\"x\"}", "{\"a\":2}");
    assertThat(schema).contains("\"a\":{\"type\":\"integer\"}").contains("\"b\":{\"type\":[\"null\",\"string\"]}");
    assertThat(schema).doesNotContain("required");
  }

  @Test
  void aFieldThatIsOnlyEverNullDeclaresNoType() {
    assertThat(field("null", "null")).isEqualTo("{}");
    assertThat(infer("{\"a\":null}", "{}")).contains("\"a\":{}");
  }

  @Test
  void nestedObjectsMergeTheirFieldsAndEmptyObjectsHaveNoProperties() {
    assertThat(field("{\"p\":{\"q\":1}}", "{\"p\":{\"r\":\"s\"}}")).isEqualTo(
        "{\"type\":\"object\",\"additionalProperties\":true,\"properties\":{\"p\":{\"type\":\"object\","
            + "\"additionalProperties\":true,\"properties\":{\"q\":{\"type\":[\"null\",\"integer\"]},"
            + "\"r\":{\"type\":[\"null\",\"string\"]}}}}}");
    assertThat(field("{}", "{}")).isEqualTo("{\"type\":\"object\",\"additionalProperties\":true}");
    assertThat(infer("{}")).isEqualTo("{\"type\":\"object\",\"additionalProperties\":true}");
  }

  @Test
  void arraysDeclareTheMergedTypeOfTheirItems() {
    assertThat(field("[]", "[]")).isEqualTo("{\"type\":\"array\"}");
    assertThat(field("[]", "[1,null]")).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":[\"null\",\"integer\"]}}");
    assertThat(field("[1,\"a\"]")).isEqualTo("{\"type\":\"array\",\"items\":{\"type\":[\"integer\",\"string\"]}}");
    assertThat(field("[{\"sku\":\"a\",\"qty\":1}]", "[{\"sku\":\"b\"}]")).isEqualTo(
        "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"additionalProperties\":true,\"properties\":{"
            + "\"sku\":{\"type\":\"string\"},\"qty\":{\"type\":[\"null\",\"integer\"]}}}}");
    assertThat(field("[[1],[2.5]]")).isEqualTo(
        "{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}}}");
  }

  @Test
  void stringsThatAllParseAsDatesOrTimesCarryAirbytesAnnotations() {
    assertThat(field("\"2024-05-01\"", "\"2024-02-29\"")).isEqualTo("{\"type\":\"string\",\"format\":\"date\"}");
    assertThat(field("\"2024-05-01T10:00:00Z\"", "\"2024-05-01t10:00:00.123456789+05:30\"", "null"))
        .isEqualTo("{\"type\":[\"null\",\"string\"],\"format\":\"date-time\","
            + "\"airbyte_type\":\"timestamp_with_timezone\"}");
    assertThat(field("\"2024-05-01T10:00:00\"", "\"2024-05-01T23:59:59.5\""))
        .isEqualTo("{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_without_timezone\"}");
    assertThat(field("\"10:00:00\"")).isEqualTo("{\"type\":\"string\",\"airbyte_type\":\"time_without_timezone\"}");
    assertThat(field("\"10:00:00-08:00\"")).isEqualTo("{\"type\":\"string\",\"airbyte_type\":\"time_with_timezone\"}");
  }

  @Test
  void stringsThatAreAlmostDatesStayStrings() {
    for (String almost : List.of("\"2024-02-30\"", "\"2023-02-29\"", "\"2024-13-01\"", "\"2024-1-05\"",
        "\"20240501\"", "\"2024-05-01 10:00:00Z\"", "\"2024-05-01T10:00Z\"", "\"2024-05-01T24:00:00Z\"",
        "\"2024-05-01T10:60:00Z\"", "\"2024-05-01T10:00:00+25:00\"", "\"2024-05-01T10:00:00.Z\"",
        "\"2024-05-01T10:00:00Z \"", "\" 2024-05-01\"", "\"2024-05-01T10:00:00.1234567890Z\"", "\"25:00:00\"",
        "\"1714557600\"", "\"May 1, 2024\"")) {
      assertThat(field(almost)).as(almost).isEqualTo("{\"type\":\"string\"}");
    }
    assertThat(field("\"2024-05-01\"", "\"2024-05-01T10:00:00Z\"")).as("dates mixed with timestamps")
        .isEqualTo("{\"type\":\"string\"}");
    assertThat(field("\"2024-05-01T10:00:00Z\"", "\"2024-05-01T10:00:00\"")).as("with and without offset")
        .isEqualTo("{\"type\":\"string\"}");
    assertThat(field("\"2024-05-01\"", "\"soon\"", "\"2024-05-02\"")).isEqualTo("{\"type\":\"string\"}");
  }

  @Test
  void fieldsKeepTheOrderInWhichTheyWereFirstSeen() {
    JsonNode properties = Messages.json(infer("{\"z\":1,\"a\":1}", "{\"m\":1,\"a\":2,\"b\":3}")).get("properties");
    assertThat(properties.fieldNames()).toIterable().containsExactly("z", "a", "m", "b");
  }

  @Test
  void anObjectWithTooManyDistinctFieldsIsDeclaredWithoutProperties() {
    SchemaInference inference = new SchemaInference();
    for (int i = 0; i <= ValueTally.MAX_FIELDS; i++) {
      inference.observe(Messages.json("{\"id\":1,\"counts\":{\"user-" + i + "\":" + i + "}}"));
    }
    ObjectNode schema = inference.schema().orElseThrow();
    assertThat(schema.get("properties").get("counts").toString())
        .isEqualTo("{\"type\":\"object\",\"additionalProperties\":true}");
    assertThat(schema.get("properties").get("id").toString()).isEqualTo("{\"type\":\"integer\"}");
  }

  @Test
  void nestingDeeperThanTheLimitIsDeclaredWithoutProperties() {
    String deep = "{\"v\":1}";
    for (int i = 0; i < ValueTally.MAX_DEPTH + 5; i++) {
      deep = "{\"o\":" + deep + "}";
    }
    JsonNode node = Messages.json(infer(deep));
    int depth = 0;
    while (node.has("properties")) {
      node = node.get("properties").get("o");
      depth++;
    }
    assertThat(depth).isEqualTo(ValueTally.MAX_DEPTH);
    assertThat(node.toString()).isEqualTo("{\"type\":\"object\",\"additionalProperties\":true}");
  }

  @Test
  void nothingObservedGivesNoSchema() {
    assertThat(new SchemaInference().schema()).isEmpty();
  }
}
