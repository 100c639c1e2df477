package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.ConnectorResult;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Invalid configurations give clear, classified errors and never leak the file's content. */
class ConfigErrorsIT {

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void malformedJsonConfigGivesAConfigErrorTraceAndExitOne(Connectors connector) {
    String malformed = "{\"region\": \"us-east-1\", \"x\": " + Connectors.SECRET + " ";
    ConnectorResult result = connector.process().run(connector.syncCommand(),
        Map.of("config", malformed, "catalog", connector.catalog()), Collections.emptyIterator());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).path("failure_type").asText()).isEqualTo("config_error");
    assertThat(result.errors().get(0).path("message").asText()).contains("is not valid JSON (line 1, column");
    assertThat(result.stdout() + result.stderr()).doesNotContain(Connectors.SECRET);
  }

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void malformedJsonConfigFailsCheckWithOneStatus(Connectors connector) {
    ConnectorResult result = connector.process().run(java.util.List.of("check", "--config", "{config}"),
        Map.of("config", "[1, 2"), Collections.emptyIterator());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.connectionStatus().path("status").asText()).isEqualTo("FAILED");
    assertThat(result.errors()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void missingRequiredFieldGivesAFailedStatusNamingIt(Connectors connector) {
    Connectors.Incomplete incomplete = connector.incomplete();

    ConnectorResult result = connector.process().check(incomplete.config());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode status = result.connectionStatus();
    assertThat(status.path("status").asText()).isEqualTo("FAILED");
    assertThat(status.path("message").asText()).contains("'" + incomplete.field() + "' is required");
    assertThat(result.errors()).isEmpty();
    assertThat(result.stdout() + result.stderr()).doesNotContain(Connectors.SECRET);
  }

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void wrongTypeOnSyncGivesAConfigErrorNamingTheField(Connectors connector) {
    JsonNode properties = connector.process().spec().ofType("SPEC").get(0)
        .at("/spec/connectionSpecification/properties");
    String field = null;
    for (var it = properties.fields(); it.hasNext() && field == null;) {
      var p = it.next();
      String type = p.getValue().path("type").asText();
      if (type.equals("boolean") || type.equals("integer")) {
        field = p.getKey();
      }
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(field != null, connector.module + " has no boolean/integer field");
    ObjectNode config = connector.unreachableConfig();
    config.putArray(field).add("not a " + properties.at("/" + field + "/type").asText());

    ConnectorResult result = connector.process().run(connector.syncCommand(),
        Map.of("config", config, "catalog", connector.catalog()), Collections.emptyIterator());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).path("failure_type").asText()).isEqualTo("config_error");
    assertThat(result.errors().get(0).path("message").asText()).contains("'" + field + "'");
  }

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void unknownCommandGivesATraceAndExitTwo(Connectors connector) {
    ConnectorResult result = connector.process().run(java.util.List.of("sync"), Map.of(),
        Collections.emptyIterator());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).path("message").asText()).contains("Unknown command 'sync'");
  }
}
