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
}
