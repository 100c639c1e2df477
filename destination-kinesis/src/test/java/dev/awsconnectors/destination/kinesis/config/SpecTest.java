package dev.awsconnectors.destination.kinesis.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.DestinationSyncMode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.destination.kinesis.KinesisDestination;
import dev.awsconnectors.testkit.SpecRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecTest {
  private final dev.awsconnectors.commons.config.ConnectorSpec spec = new KinesisDestination().spec();

  @Test
  void passesTheAcceptanceTestSpecRules() {
    assertThat(SpecRules.violations(spec.specification().connectionSpecification())).isEmpty();
  }

  @Test
  void keepsAirbyte015FieldNamesAndTypes() {
    JsonNode properties = spec.specification().connectionSpecification().get("properties");
    assertThat(properties.at("/endpoint/type").asText()).isEqualTo("string");
    assertThat(properties.at("/region/type").asText()).isEqualTo("string");
    assertThat(properties.at("/shardCount/type").asText()).isEqualTo("integer");
    assertThat(properties.at("/accessKey/type").asText()).isEqualTo("string");
    assertThat(properties.at("/privateKey/type").asText()).isEqualTo("string");
    assertThat(properties.at("/bufferSize/type").asText()).isEqualTo("integer");
    assertThat(properties.at("/bufferSize/maximum").asInt()).isEqualTo(500);
  }

  @Test
  void marksSecrets() {
    JsonNode properties = spec.specification().connectionSpecification().get("properties");
    assertThat(properties.at("/accessKey/airbyte_secret").asBoolean()).isTrue();
    assertThat(properties.at("/privateKey/airbyte_secret").asBoolean()).isTrue();
    assertThat(properties.at("/role_external_id/airbyte_secret").asBoolean()).isTrue();
  }

  @Test
  void requiresNoMoreThanAirbyteDid() {
    JsonNode required = spec.specification().connectionSpecification().get("required");
    List<String> airbyte = List.of("endpoint", "region", "shardCount", "accessKey", "privateKey", "bufferSize");
    required.forEach(r -> assertThat(airbyte).contains(r.asText()));
  }

  @Test
  void acceptsEveryAirbyte015ConfigShape() {
    JsonNode config = ProtocolCodec.readTreeUnchecked("""
        {"endpoint":"kinesis.us-east-1.amazonaws.com","region":"us-east-1","shardCount":5,
         "accessKey":"a","privateKey":"b","bufferSize":100}""");
    assertThat(spec.validate(config)).isEmpty();
  }

  @Test
  void supportsAppendOnly() {
    assertThat(spec.specification().supportedDestinationSyncModes()).containsExactly(DestinationSyncMode.APPEND);
    assertThat(spec.specification().supportsIncremental()).isTrue();
  }

  @Test
  void rendersWellInAirbytesUi() {
    JsonNode properties = spec.specification().connectionSpecification().get("properties");
    for (String field : List.of("region", "accessKey", "privateKey", "target_stream", "payload", "partition_key")) {
      assertThat(properties.at("/" + field + "/always_show").asBoolean()).as(field).isTrue();
    }
    List<String> problems = new java.util.ArrayList<>();
    walk(spec.specification().connectionSpecification(), "$", problems);
    assertThat(problems).isEmpty();
  }

  /** Every oneOf option declares type object; every field with a pattern says in words what it accepts. */
  private static void walk(JsonNode schema, String path, List<String> problems) {
    if (schema.has("pattern") && !schema.path("pattern_descriptor").isTextual()) {
      problems.add(path + " has a pattern without pattern_descriptor");
    }
    for (int i = 0; i < schema.path("oneOf").size(); i++) {
      JsonNode option = schema.path("oneOf").get(i);
      if (!"object".equals(option.path("type").asText())) {
        problems.add(path + ".oneOf[" + i + "] does not declare type object");
      }
      walk(option, path + ".oneOf[" + i + "]", problems);
    }
    schema.path("properties").fields().forEachRemaining(p -> walk(p.getValue(), path + "." + p.getKey(), problems));
  }

  @Test
  void offersEveryPayloadAndKeyModeTheParserReads() {
    JsonNode properties = spec.specification().connectionSpecification().get("properties");
    List<String> payloadModes = new java.util.ArrayList<>();
    properties.at("/payload/oneOf").forEach(v -> payloadModes.add(v.at("/properties/mode/const").asText()));
    assertThat(payloadModes).containsExactly("envelope_text", "envelope_object", "envelope_v2", "data", "field",
        "projection", "template");
    List<String> keyModes = new java.util.ArrayList<>();
    properties.at("/partition_key/oneOf").forEach(v -> keyModes.add(v.at("/properties/mode/const").asText()));
    assertThat(keyModes).containsExactly("random", "fields", "stream", "constant", "template");
  }

}
