package dev.awsconnectors.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One line per payload field of each discovered stream, with its declared type, for the person running the demo. */
final class SchemaSummary {
  private SchemaSummary() {}

  static List<String> lines(JsonNode catalog) {
    List<String> lines = new ArrayList<>();
    for (JsonNode stream : catalog.path("streams")) {
      List<String> fields = new ArrayList<>();
      for (Map.Entry<String, JsonNode> p : stream.at("/json_schema/properties").properties()) {
        if (!p.getKey().startsWith("_kinesis_")) {
          fields.add(p.getKey() + ": " + type(p.getValue()));
        }
      }
      lines.add(stream.path("name").asText() + " -> " + String.join(", ", fields));
    }
    return lines;
  }

  /** {@code integer}, {@code string (date-time)}, {@code object {city, country}}, {@code array of integer}, ... */
  static String type(JsonNode schema) {
    List<String> types = new ArrayList<>();
    JsonNode type = schema.path("type");
    if (type.isArray()) {
      type.forEach(t -> {
        if (!t.asText().equals("null")) {
          types.add(t.asText());
        }
      });
    } else if (!type.isMissingNode()) {
      types.add(type.asText());
    }
    String text = types.isEmpty() ? "any" : String.join(" | ", types);
    if (schema.has("format")) {
      text += " (" + schema.get("format").asText() + ")";
    }
    if (schema.has("properties")) {
      List<String> names = new ArrayList<>();
      schema.get("properties").fieldNames().forEachRemaining(names::add);
      text += " {" + String.join(", ", names) + "}";
    }
    if (schema.has("items")) {
      text += " of " + type(schema.get("items"));
    }
    return text;
  }
}
