package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.ProtocolSchema;
import dev.awsconnectors.testkit.SpecRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every jar answers {@code spec} with exactly one valid SPEC whose configuration schema follows the CAT rules. */
class SpecIT {

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void printsExactlyOneValidSpecWithMarkedSecrets(Connectors connector) {
    ConnectorResult result = connector.process().spec();

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.ofType("SPEC")).as("SPEC messages").hasSize(1);
    assertThat(result.messages()).allSatisfy(m -> assertThat(m.path("type").asText()).isIn("SPEC", "LOG"));
    JsonNode spec = result.ofType("SPEC").get(0).get("spec");
    assertThat(ProtocolSchema.messageProblems(result.ofType("SPEC").get(0))).isEmpty();
    JsonNode schema = spec.get("connectionSpecification");
    assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
    assertThat(schema.path("type").asText()).isEqualTo("object");
    assertThat(SpecRules.violations(schema)).as("CAT spec rules").isEmpty();
    assertThat(secretFields(schema, "")).as("secret fields").isNotEmpty();
    if (connector.destination) {
      assertThat(spec.path("supported_destination_sync_modes")).isNotEmpty();
    }
    assertThat(result.stderr()).doesNotContain("Exception");
  }

  /** Paths of the properties marked airbyte_secret, including inside oneOf variants. */
  static List<String> secretFields(JsonNode schema, String prefix) {
    List<String> out = new ArrayList<>();
    schema.path("properties").fields().forEachRemaining(p -> {
      if (p.getValue().path("airbyte_secret").asBoolean()) {
        out.add(prefix + p.getKey());
      }
      out.addAll(secretFields(p.getValue(), prefix + p.getKey() + "."));
    });
    for (JsonNode variant : schema.path("oneOf")) {
      out.addAll(secretFields(variant, prefix));
    }
    return out;
  }
}
