package dev.awsconnectors.source.kinesis.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the payload schemas a user gives per stream (the {@code stream_schemas} text): a JSON object whose keys are
 * stream names and whose values are either a JSON schema of the payload object, or the shorthand Airbyte's
 * file-based sources accept for {@code input_schema}, field name to type name
 * ({@code {"id": "integer", "at": "date-time"}}). A value is taken as a JSON schema when it has {@code properties},
 * {@code $schema} or {@code "type": "object"}, otherwise as the shorthand. Shorthand fields are nullable.
 */
public final class UserSchemas {
  /** The shorthand's type names, with the schema each stands for. */
  private static final Map<String, String> SHORTHAND = shorthand();
  private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

  private UserSchemas() {}

  /**
   * The payload schemas by stream, each normalized to an object schema; every problem is passed to
   * {@code problems} as a sentence that says what to fix (and the map then lacks that stream).
   */
  public static Map<String, ObjectNode> parse(String text, Consumer<String> problems) {
    JsonNode root;
    try {
      root = ProtocolCodec.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      problems.accept("is not valid JSON (" + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ")");
      return Map.of();
    }
    if (root == null || !root.isObject()) {
      problems.accept("must be a JSON object of stream names to payload schemas, such as "
          + "{\"orders\": {\"id\": \"integer\", \"total\": \"number\"}}");
      return Map.of();
    }
    Map<String, ObjectNode> schemas = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      String stream = entry.getKey();
      if (!STREAM_NAME.matcher(stream).matches()) {
        problems.accept("names '" + stream + "', which is not a Kinesis stream name");
        continue;
      }
      ObjectNode schema = schema(stream, entry.getValue(), problems);
      if (schema != null) {
        schemas.put(stream, schema);
      }
    }
    return schemas;
  }

  private static ObjectNode schema(String stream, JsonNode value, Consumer<String> problems) {
    String at = "the schema of stream '" + stream + "'";
    if (!value.isObject()) {
      problems.accept(at + " must be a JSON object (a JSON schema, or field names to type names)");
      return null;
    }
    boolean fullSchema = value.has("properties") || value.has("$schema") || "object".equals(value.path("type")
        .asText());
    if (fullSchema) {
      return fullSchema(at, (ObjectNode) value, problems);
    }
    ObjectNode schema = ProtocolCodec.mapper().createObjectNode();
    schema.put("type", "object").put("additionalProperties", true);
    ObjectNode properties = schema.putObject("properties");
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String typeName = field.getValue().asText("");
      String declared = field.getValue().isTextual() ? SHORTHAND.get(typeName) : null;
      if (declared == null) {
        problems.accept(at + " gives field '" + field.getKey() + "' the type " + field.getValue()
            + "; use one of " + SHORTHAND.keySet() + ", or write a JSON schema");
        return null;
      }
      properties.set(field.getKey(), json(declared));
    }
    return schema;
  }

  private static ObjectNode fullSchema(String at, ObjectNode value, Consumer<String> problems) {
    JsonNode type = value.get("type");
    boolean object = type == null || "object".equals(type.asText());
    if (type != null && type.isArray()) {
      for (JsonNode t : type) {
        object |= "object".equals(t.asText());
      }
    }
    if (!object) {
      problems.accept(at + " must describe an object (its \"type\" is " + type + ")");
      return null;
    }
    JsonNode properties = value.get("properties");
    if (properties != null && !properties.isObject()) {
      problems.accept(at + " has \"properties\" that are not an object");
      return null;
    }
    ObjectNode schema = value.deepCopy();
    schema.remove("$schema"); // it becomes a sub-schema of the record's schema
    if (type == null) {
      schema.put("type", "object");
    }
    return schema;
  }

  private static Map<String, String> shorthand() {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("string", "{\"type\":[\"null\",\"string\"]}");
    types.put("integer", "{\"type\":[\"null\",\"integer\"]}");
    types.put("number", "{\"type\":[\"null\",\"number\"]}");
    types.put("boolean", "{\"type\":[\"null\",\"boolean\"]}");
    types.put("date", "{\"type\":[\"null\",\"string\"],\"format\":\"date\"}");
    types.put("date-time", "{\"type\":[\"null\",\"string\"],\"format\":\"date-time\","
        + "\"airbyte_type\":\"timestamp_with_timezone\"}");
    types.put("object", "{\"type\":[\"null\",\"object\"],\"additionalProperties\":true}");
    types.put("array", "{\"type\":[\"null\",\"array\"]}");
    return Collections.unmodifiableMap(types);
  }

  private static JsonNode json(String text) {
    try {
      return ProtocolCodec.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
