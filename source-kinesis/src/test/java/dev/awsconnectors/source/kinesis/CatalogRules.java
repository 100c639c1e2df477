package dev.awsconnectors.source.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.awsconnectors.testkit.ProtocolSchema;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of Airbyte's connector acceptance tests on a source's discover output (TestDiscovery) and on records
 * (basic_read's schema validation), as sentences naming what breaks them.
 */
public final class CatalogRules {
  private CatalogRules() {}

  /** Every way the CATALOG messages of a discover run break the discovery checklist; empty if it passes. */
  public static List<String> discoveryViolations(List<JsonNode> catalogMessages) {
    List<String> out = new ArrayList<>();
    if (catalogMessages.size() != 1) {
      out.add("expected exactly one CATALOG message, got " + catalogMessages.size());
      return out;
    }
    JsonNode streams = catalogMessages.get(0).at("/catalog/streams");
    if (!streams.isArray() || streams.isEmpty()) {
      out.add("the catalog has no streams");
      return out;
    }
    Set<String> names = new HashSet<>();
    for (JsonNode stream : streams) {
      String name = stream.path("name").asText();
      String at = "stream '" + name + "'";
      if (!names.add(name)) {
        out.add(at + " appears twice");
      }
      JsonNode schema = stream.get("json_schema");
      if (schema == null || !schema.isObject()) {
        out.add(at + ": no json_schema");
        continue;
      }
      ProtocolSchema.draft07Problems(schema).forEach(p -> out.add(at + ": not a draft-07 schema: " + p));
      walk(schema, at + " $", out);
      if (!stream.path("supported_sync_modes").isArray() || stream.path("supported_sync_modes").isEmpty()) {
        out.add(at + ": no supported_sync_modes");
      }
      JsonNode cursor = stream.get("default_cursor_field");
      if (stream.path("source_defined_cursor").asBoolean(false) && (cursor == null || cursor.isEmpty())) {
        out.add(at + ": source_defined_cursor without default_cursor_field");
      }
      if (cursor != null && !cursor.isEmpty() && property(schema, cursor) == null) {
        out.add(at + ": default_cursor_field " + cursor + " is not in the schema");
      }
      for (JsonNode key : stream.path("source_defined_primary_key")) {
        JsonNode property = property(schema, key);
        if (property == null) {
          out.add(at + ": primary key " + key + " is not in the schema");
        } else if (typeContains(property, "object") || typeContains(property, "array")) {
          out.add(at + ": primary key " + key + " is an object or array");
        }
      }
    }
    return out;
  }

  /** Every way {@code data} breaks {@code schema} (draft-07, strict integers, date-time strings); empty if valid. */
  public static List<String> recordViolations(JsonNode schema, JsonNode data) {
    JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    List<String> out = new ArrayList<>();
    for (ValidationMessage m : validator.validate(data)) {
      out.add(m.getMessage());
    }
    checkStrict(schema, data, "$", out);
    return out;
  }

  private static void checkStrict(JsonNode schema, JsonNode value, String path, List<String> out) {
    if (value == null || value.isNull()) {
      return;
    }
    // Only a number can break integer strictness: in a union such as ["integer","string"] a string is fine.
    if (value.isNumber() && typeContains(schema, "integer") && !typeContains(schema, "number")
        && !value.isIntegralNumber()) {
      out.add(path + ": " + value + " is not a strict integer");
    }
    if ("date-time".equals(schema.path("format").asText()) && value.isTextual()) {
      try {
        OffsetDateTime.parse(value.asText());
      } catch (DateTimeParseException e) {
        out.add(path + ": '" + value.asText() + "' is not a date-time");
      }
    }
    JsonNode properties = schema.get("properties");
    if (properties != null && value.isObject()) {
      properties.fields().forEachRemaining(p -> checkStrict(p.getValue(), value.get(p.getKey()),
          path + "." + p.getKey(), out));
    }
  }

  private static void walk(JsonNode schema, String path, List<String> out) {
    if (schema.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        switch (e.getKey()) {
          case "$ref" -> out.add(path + ": $ref is not allowed");
          case "allOf" -> out.add(path + ": allOf is not allowed");
          case "not" -> out.add(path + ": not is not allowed");
          case "additionalProperties" -> {
            if (!e.getValue().isBoolean() || !e.getValue().asBoolean()) {
              out.add(path + ": additionalProperties must be true or absent");
            }
          }
          default -> { }
        }
        walk(e.getValue(), path + "." + e.getKey(), out);
      }
    } else if (schema.isArray()) {
      schema.forEach(s -> walk(s, path + "[]", out));
    }
  }

  private static JsonNode property(JsonNode schema, JsonNode path) {
    JsonNode current = schema;
    for (JsonNode segment : path) {
      current = current.path("properties").get(segment.asText());
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  private static boolean typeContains(JsonNode schema, String type) {
    JsonNode t = schema.get("type");
    if (t == null) {
      return false;
    }
    if (t.isArray()) {
      for (JsonNode e : t) {
        if (type.equals(e.asText())) {
          return true;
        }
      }
      return false;
    }
    return type.equals(t.asText());
  }
}
