package dev.awsconnectors.source.kinesis.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserSchemasTest {
  private final List<String> problems = new ArrayList<>();

  private Map<String, ObjectNode> parse(String text) {
    return UserSchemas.parse(text, problems::add);
  }

  @Test
  void theShorthandOfFieldNamesToTypeNamesBecomesANullableObjectSchema() {
    Map<String, ObjectNode> schemas = parse("{\"orders\":{\"id\":\"integer\",\"total\":\"number\","
        + "\"at\":\"date-time\",\"day\":\"date\",\"paid\":\"boolean\",\"note\":\"string\",\"lines\":\"array\","
        + "\"meta\":\"object\"}}");
    assertThat(problems).isEmpty();
    assertThat(schemas.get("orders").toString()).isEqualTo("{\"type\":\"object\",\"additionalProperties\":true,"
        + "\"properties\":{\"id\":{\"type\":[\"null\",\"integer\"]},\"total\":{\"type\":[\"null\",\"number\"]},"
        + "\"at\":{\"type\":[\"null\",\"string\"],\"format\":\"date-time\",\"airbyte_type\":\"timestamp_with_timezone\"},"
        + "\"day\":{\"type\":[\"null\",\"string\"],\"format\":\"date\"},\"paid\":{\"type\":[\"null\",\"boolean\"]},"
        + "\"note\":{\"type\":[\"null\",\"string\"]},\"lines\":{\"type\":[\"null\",\"array\"]},"
        + "\"meta\":{\"type\":[\"null\",\"object\"],\"additionalProperties\":true}}}");
  }

  @Test
  void aJsonSchemaIsKeptAsGivenWithoutItsDialect() {
    Map<String, ObjectNode> schemas = parse("{\"a\":{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
        + "\"properties\":{\"type\":{\"type\":\"string\"}}},\"b\":{\"type\":[\"null\",\"object\"],"
        + "\"properties\":{}}}");
    assertThat(problems).isEmpty();
    assertThat(schemas.get("a").toString())
        .isEqualTo("{\"properties\":{\"type\":{\"type\":\"string\"}},\"type\":\"object\"}");
    assertThat(schemas.get("b").toString()).isEqualTo("{\"type\":[\"null\",\"object\"],\"properties\":{}}");
  }

  @Test
  void everyProblemSaysWhatToFix() {
    parse("[1]");
    parse("{\"bad name!\":{}}");
    parse("{\"a\":\"integer\"}");
    parse("{\"a\":{\"type\":\"array\",\"properties\":{}}}");
    parse("{\"a\":{\"x\":{\"type\":\"integer\"}}}");
    parse("{\"a\":{\"properties\":[]}}");
    assertThat(problems).containsExactly(
        "must be a JSON object of stream names to payload schemas, such as "
            + "{\"orders\": {\"id\": \"integer\", \"total\": \"number\"}}",
        "names 'bad name!', which is not a Kinesis stream name",
        "the schema of stream 'a' must be a JSON object (a JSON schema, or field names to type names)",
        "the schema of stream 'a' must describe an object (its \"type\" is \"array\")",
        "the schema of stream 'a' gives field 'x' the type {\"type\":\"integer\"}; use one of [string, integer, "
            + "number, boolean, date, date-time, object, array], or write a JSON schema",
        "the schema of stream 'a' has \"properties\" that are not an object");
  }
}
