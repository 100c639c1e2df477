package dev.awsconnectors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Validates messages against the normative Airbyte protocol schema (a copy of {@code airbyte_protocol.yaml} v0.18.0,
 * see its PROVENANCE.md) and JSON schemas against the draft-07 meta-schema.
 */
public final class ProtocolSchema {
  private static final JsonSchema MESSAGE = load("AirbyteMessage");
  private static final JsonSchema CONFIGURED_CATALOG = load("ConfiguredAirbyteCatalog");
  private static final JsonSchema DRAFT_07 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
      .getSchema(java.net.URI.create("http://json-schema.org/draft-07/schema#"));

  private ProtocolSchema() {}

  /** Every way {@code message} breaks the protocol's AirbyteMessage schema; empty if valid. */
  public static List<String> messageProblems(JsonNode message) {
    return describe(MESSAGE.validate(message));
  }

  public static List<String> configuredCatalogProblems(JsonNode catalog) {
    return describe(CONFIGURED_CATALOG.validate(catalog));
  }

  /** Every way {@code schema} is not a valid draft-07 JSON schema; empty if valid. */
  public static List<String> draft07Problems(JsonNode schema) {
    return describe(DRAFT_07.validate(schema));
  }

  private static List<String> describe(Set<ValidationMessage> messages) {
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  private static JsonSchema load(String definition) {
    try (InputStream in = ProtocolSchema.class.getResourceAsStream("/airbyte_protocol/v0/airbyte_protocol.yaml")) {
      JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(in);
      stripKeyword(yaml, "existingJavaType");
      ObjectNode root = new ObjectMapper().createObjectNode();
      root.put("$schema", "http://json-schema.org/draft-07/schema#");
      root.put("$ref", "#/definitions/" + definition);
      root.set("definitions", yaml.get("definitions"));
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load the protocol schema", e);
    }
  }

  /** Removes a code-generation keyword that is not JSON Schema. */
  private static void stripKeyword(JsonNode node, String keyword) {
    if (node instanceof ObjectNode object) {
      object.remove(keyword);
    }
    node.forEach(child -> stripKeyword(child, keyword));
  }
}
