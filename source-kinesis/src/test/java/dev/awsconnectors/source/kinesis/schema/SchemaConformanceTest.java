package dev.awsconnectors.source.kinesis.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SchemaValidatorsConfig;
import dev.awsconnectors.testkit.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaConformanceTest {
  private static final String SCHEMA = "{\"type\":\"object\",\"additionalProperties\":true,\"required\":[\"id\"],"
      + "\"properties\":{\"id\":{\"type\":\"integer\"},\"price\":{\"type\":[\"null\",\"number\"]},"
      + "\"at\":{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_with_timezone\"},"
      + "\"day\":{\"type\":\"string\",\"format\":\"date\"},"
      + "\"big\":{\"type\":\"number\",\"airbyte_type\":\"big_integer\"},"
      + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
      + "\"o\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"k\":{\"type\":\"boolean\"}}},"
      + "\"m\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}},"
      + "\"u\":{\"type\":[\"integer\",\"string\"]},\"any\":{},"
      + "\"e\":{\"enum\":[\"a\",\"b\"]},\"c\":{\"const\":3},"
      + "\"one\":{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"boolean\"}]},"
      + "\"all\":{\"allOf\":[{\"type\":\"object\"},{\"required\":[\"x\"]}]}}}";

  private static final List<String> MATCHING = List.of("{\"id\":1}", "{\"id\":-5,\"price\":null}",
      "{\"id\":1,\"price\":3}", "{\"id\":1,\"price\":2.50,\"at\":\"2024-05-01T10:00:00.5+02:00\",\"day\":\"2024-02-29\"}",
      "{\"id\":1,\"big\":123456789012345678901234567890}", "{\"id\":1,\"tags\":[],\"o\":{},\"m\":{\"a\":1}}",
      "{\"id\":1,\"u\":2,\"any\":[{}],\"extra\":{\"new\":true}}", "{\"id\":1,\"u\":\"2\",\"e\":\"b\",\"c\":3}",
      "{\"id\":1,\"one\":true,\"all\":{\"x\":null}}", "{\"id\":99999999999999999999999}");

  private static final List<String> NOT_MATCHING = List.of("{}", "{\"id\":\"1\"}", "{\"id\":null}",
      "{\"id\":1,\"price\":\"3\"}", "{\"id\":1,\"at\":\"2024-05-01 10:00:00\"}", "{\"id\":1,\"day\":\"2024-02-30\"}",
      "{\"id\":1,\"tags\":[\"a\",1]}", "{\"id\":1,\"o\":{\"k\":true,\"z\":1}}", "{\"id\":1,\"o\":{\"k\":\"yes\"}}",
      "{\"id\":1,\"m\":{\"a\":\"b\"}}", "{\"id\":1,\"u\":false}", "{\"id\":1,\"e\":\"c\"}", "{\"id\":1,\"c\":4}",
      "{\"id\":1,\"one\":\"x\"}", "{\"id\":1,\"all\":{}}", "[]", "\"text\"");

  private final SchemaConformance conformance = SchemaConformance.of(Messages.json(SCHEMA));

  @Test
  void agreesWithAFullDraft07ValidatorWithStrictIntegersAndFormats() {
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
        .getSchema(Messages.json(SCHEMA), config);
    for (String value : MATCHING) {
      JsonNode node = parse(value);
      assertThat(validator.validate(node)).as("validator on " + value).isEmpty();
      assertThat(conformance.mismatch(node)).as(value).isEmpty();
    }
    for (String value : NOT_MATCHING) {
      JsonNode node = parse(value);
      assertThat(validator.validate(node)).as("validator on " + value).isNotEmpty();
      assertThat(conformance.mismatch(node)).as(value).isPresent();
    }
  }

  @Test
  void integersAreStrictAsInAirbytesAcceptanceTests() {
    // draft-07 validators accept 1.0 as an integer; Airbyte's acceptance tests and typed destinations do not
    assertThat(conformance.mismatch(parse("{\"id\":1.0}"))).contains("$.id: number where integer is declared");
  }

  @Test
  void aMismatchNamesThePathAndTheTypesButNoValue() {
    assertThat(conformance.mismatch(parse("{\"id\":1,\"tags\":[\"a\",\"secret-42\",7]}")))
        .contains("$.tags[2]: integer where string is declared");
    assertThat(conformance.mismatch(parse("{\"id\":1,\"price\":\"secret\"}")))
        .contains("$.price: string where [null, number] is declared");
    assertThat(conformance.mismatch(parse("{}"))).contains("$.id: missing, but required");
    assertThat(conformance.mismatch(parse("{\"id\":1,\"o\":{\"z\":1}}")))
        .contains("$.o.z: not declared, and the schema allows no other fields");
  }

  @Test
  void schemasThatDeclareNothingAcceptEverything() {
    for (String schema : List.of("{}", "true", "{\"description\":\"x\"}", "{\"type\":\"whatever\"}",
        "{\"$ref\":\"#/definitions/x\"}")) {
      SchemaConformance any = SchemaConformance.of(parse(schema));
      for (String value : List.of("1", "null", "{\"a\":[1]}", "\"s\"")) {
        assertThat(any.mismatch(parse(value))).as(schema + " on " + value).isEmpty();
      }
    }
  }

  @Test
  void driftIsCountedAcrossThreads() throws Exception {
    SchemaDrift drift = new SchemaDrift("s", conformance);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          drift.check(parse(i % 2 == 0 ? "{\"id\":1}" : "{\"id\":\"x\"}"));
        }
      });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertThat(drift.mismatches()).isEqualTo(2000);
  }

  private static JsonNode parse(String json) {
    try {
      return dev.awsconnectors.commons.protocol.ProtocolCodec.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
