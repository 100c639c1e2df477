package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.ProtocolSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;

/**
 * The files Airbyte's connector acceptance tests read (acceptance-test-config.yml and integration_tests/) agree with
 * the image, the spec and the connector's behaviour; the source's discovery and future-state cases are replayed on
 * kinesis-mock, since CAT itself needs Docker and real AWS.
 */
class AcceptanceTestConfigIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();
  private static final Path ROOT = Path.of(System.getProperty("repository.root", ".."));
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void configPointsAtTheImageAndFilesThatExistAndMatchTheSpec(Connectors connector) throws Exception {
    Path module = ROOT.resolve(connector.module);
    JsonNode cat = YAML.readTree(module.resolve("acceptance-test-config.yml").toFile());
    JsonNode metadata = YAML.readTree(module.resolve("metadata.yaml").toFile()).get("data");

    assertThat(cat.path("connector_image").asText())
        .startsWith(metadata.path("dockerRepository").asText() + ":");
    JsonNode specFile = ProtocolCodec.mapper().readTree(module.resolve(
        cat.at("/acceptance_tests/spec/tests/0/spec_path").asText()).toFile());
    JsonNode printed = connector.process().spec().ofType("SPEC").get(0).get("spec");
    assertThat(printed).as("CAT test_match_expected: spec output equals spec_path").isEqualTo(specFile);

    List<String> referenced = new ArrayList<>();
    cat.path("acceptance_tests").findValues("config_path").forEach(p -> referenced.add(p.asText()));
    cat.path("acceptance_tests").findValues("configured_catalog_path").forEach(p -> referenced.add(p.asText()));
    cat.path("acceptance_tests").findValues("future_state_path").forEach(p -> referenced.add(p.asText()));
    for (String path : referenced) {
      if (!path.startsWith("secrets/")) {
        assertThat(module.resolve(path)).as(path).isRegularFile();
      }
    }
    for (String config : List.of("invalid_config.json", "sample_config.json")) {
      JsonNode json = ProtocolCodec.mapper().readTree(module.resolve("integration_tests").resolve(config).toFile());
      assertThat(specProblems(specFile.get("connectionSpecification"), json))
          .as(config + " must pass the spec, so that check fails on the credentials, not the schema").isEmpty();
    }
  }

  @Test
  void sourceCatalogsMatchDiscoveryAndTheFutureStateReadsNothing() throws Exception {
    Path module = ROOT.resolve("source-kinesis");
    String stream = "airbyte_cat_test";
    KINESIS.createStream(stream, 1);
    for (int i = 0; i < 5; i++) {
      int id = i;
      KINESIS.client().putRecord(r -> r.streamName(stream).partitionKey("k" + id)
          .data(SdkBytes.fromUtf8String("{\"id\":" + id + "}")));
    }
    ObjectNode config = (ObjectNode) ProtocolCodec.mapper().readTree(
        module.resolve("integration_tests/sample_config.json").toFile());
    config.put("endpoint", KINESIS.endpoint().toString()).put("access_key_id", KINESIS.accessKey())
        .put("secret_access_key", KINESIS.secretKey());
    ConnectorProcess source = ConnectorProcess.ofModule("source-kinesis");

    JsonNode discovered = source.discover(config).ofType("CATALOG").get(0).at("/catalog/streams/0");
    for (String catalogFile : List.of("configured_catalog.json", "configured_incremental_catalog.json")) {
      JsonNode catalog = read(module.resolve("integration_tests").resolve(catalogFile));
      assertThat(ProtocolSchema.configuredCatalogProblems(catalog)).as(catalogFile).isEmpty();
      assertThat(catalog.at("/streams/0/stream")).as(catalogFile + " declares what discover returns")
          .isEqualTo(discovered);
    }

    JsonNode incremental = read(module.resolve("integration_tests/configured_incremental_catalog.json"));
    ConnectorResult fromStart = source.read(config, incremental, null);
    assertThat(fromStart.records()).hasSize(5);
    ConnectorResult future = source.read(config, incremental,
        read(module.resolve("integration_tests/abnormal_state.json")));
    assertThat(future.exitCode()).as(future.toString()).isZero();
    assertThat(future.records()).as("CAT future state: no records").isEmpty();
    assertThat(future.states()).as("CAT future state: at least one STATE").isNotEmpty();
  }

  private static JsonNode read(Path file) throws IOException {
    return ProtocolCodec.mapper().readTree(Files.readString(file));
  }

  private static Set<String> specProblems(JsonNode schema, JsonNode config) {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema).validate(config).stream()
        .map(ValidationMessage::getMessage).filter(m -> !m.contains("Unknown keyword"))
        .collect(Collectors.toSet());
  }
}
