package dev.awsconnectors.format.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.format.schema.ValueType.ArrayType;
import dev.awsconnectors.format.schema.ValueType.Field;
import dev.awsconnectors.format.schema.ValueType.Kind;
import dev.awsconnectors.format.schema.ValueType.MapType;
import dev.awsconnectors.format.schema.ValueType.RecordType;
import dev.awsconnectors.format.schema.ValueType.Scalar;
import dev.awsconnectors.format.schema.ValueType.UnionType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives {@link ValueType}s from a stream's JSON schema. Total: every schema, however odd, gets a type; what cannot be
 * typed (no {@code type}, schemaless objects, arrays without {@code items}, recursive {@code $ref}s) becomes
 * {@link Kind#JSON}, kept as JSON text. The rules are listed in docs/file-formats.md.
 */
public final class JsonSchemaTypes {

  /** Union members in the order a value is tried: the most specific first. */
  public static final List<String> MEMBER_ORDER = List.of("boolean", "integer", "number", "date",
      "timestamp_with_timezone", "timestamp_without_timezone", "time_with_timezone", "time_without_timezone",
      "string", "array", "object");

  private static final Set<String> TYPE_KEYWORDS = Set.of("type", "properties", "items", "prefixItems",
      "additionalProperties", "$ref", "oneOf", "anyOf", "allOf", "enum", "const", "format", "airbyte_type");
  private static final String WELL_KNOWN = "WellKnownTypes.json#/definitions/";

  private final JsonNode root;
  private final Deque<String> refs = new ArrayDeque<>();

  private JsonSchemaTypes(JsonNode root) {
    this.root = root;
  }

  /** The type of values described by {@code schema}; {@code schema} is also the root for local {@code $ref}s. */
  public static ValueType of(JsonNode schema) {
    return new JsonSchemaTypes(schema).typeOf(schema);
  }

  /**
   * The record type of a stream's records: the object part of its schema, or an empty record (every field then kept
   * as an undeclared field) when the schema declares no properties.
   */
  public static RecordType recordOf(JsonNode schema) {
    ValueType type = of(schema);
    if (type instanceof RecordType record) {
      return record;
    }
    if (type instanceof UnionType union) {
      for (ValueType member : union.members()) {
        if (member instanceof RecordType record) {
          return record;
        }
      }
    }
    return new RecordType(List.of());
  }

  private ValueType typeOf(JsonNode node) {
    if (node == null || !node.isObject()) {
      return Scalar.JSON;
    }
    JsonNode ref = node.get("$ref");
    if (ref != null && ref.isTextual()) {
      return typeOfRef(ref.textValue());
    }
    List<ValueType> options = new ArrayList<>(ownTypes(node));
    boolean typed = hasOwnTypeInfo(node);
    for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
      JsonNode list = node.get(keyword);
      if (list == null || !list.isArray()) {
        continue;
      }
      for (JsonNode option : list) {
        if ((typed && !hasTypeInfo(option)) || isNullOnly(option)) {
          continue; // a constraint on the node's own type (e.g. {"required": [...]}), or just "may be null"
        }
        options.add(typeOf(option));
      }
    }
    if (options.isEmpty()) {
      return Scalar.JSON; // no type at all, or only "null"
    }
    return TypeMerge.of(options);
  }

  private ValueType typeOfRef(String ref) {
    int wellKnown = ref.indexOf(WELL_KNOWN);
    if (wellKnown >= 0) {
      return switch (ref.substring(wellKnown + WELL_KNOWN.length())) {
        case "Integer" -> Scalar.INTEGER;
        case "Number" -> Scalar.NUMBER;
        case "Boolean" -> Scalar.BOOLEAN;
        case "String", "BinaryData", "TimeWithTimezone" -> wellKnownTime(ref);
        case "Date" -> new Scalar(Kind.DATE);
        case "TimestampWithTimezone" -> new Scalar(Kind.TIMESTAMP_WITH_TIMEZONE);
        case "TimestampWithoutTimezone" -> new Scalar(Kind.TIMESTAMP_WITHOUT_TIMEZONE);
        case "TimeWithoutTimezone" -> new Scalar(Kind.TIME_WITHOUT_TIMEZONE);
        default -> Scalar.JSON;
      };
    }
    if (!ref.startsWith("#") || refs.contains(ref) || root == null) {
      return Scalar.JSON; // external, or recursive: the recursion is kept as JSON text
    }
    JsonNode target = ref.equals("#") ? root : root.at(ref.substring(1));
    if (target.isMissingNode()) {
      return Scalar.JSON;
    }
    refs.push(ref);
    try {
      return typeOf(target);
    } finally {
      refs.pop();
    }
  }

  private static ValueType wellKnownTime(String ref) {
    return ref.endsWith("TimeWithTimezone") ? new Scalar(Kind.TIME_WITH_TIMEZONE) : Scalar.STRING;
  }

  /** {@code {"type": "null"}} or {@code {"type": ["null"]}}: as a union option, it only says "may be null". */
  private static boolean isNullOnly(JsonNode node) {
    JsonNode type = node == null ? null : node.get("type");
    if (type == null) {
      return false;
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (!"null".equals(t.asText())) {
          return false;
        }
      }
      return !type.isEmpty();
    }
    return "null".equals(type.asText());
  }

  private static boolean hasTypeInfo(JsonNode node) {
    if (node == null || !node.isObject()) {
      return false;
    }
    for (String keyword : TYPE_KEYWORDS) {
      if (node.has(keyword)) {
        return true;
      }
    }
    return false;
  }

  /** Type information besides the combinators. */
  private static boolean hasOwnTypeInfo(JsonNode node) {
    for (String keyword : TYPE_KEYWORDS) {
      if (node.has(keyword) && !keyword.equals("oneOf") && !keyword.equals("anyOf") && !keyword.equals("allOf")) {
        return true;
      }
    }
    return false;
  }

  /** The types named by the node itself ({@code type}, or inferred from its other keywords); null is dropped. */
  private List<ValueType> ownTypes(JsonNode node) {
    List<String> names = new ArrayList<>();
    JsonNode type = node.get("type");
    if (type != null && type.isTextual()) {
      names.add(type.textValue());
    } else if (type != null && type.isArray()) {
      type.forEach(t -> names.add(t.asText()));
    } else if (node.has("properties") || node.has("additionalProperties")) {
      names.add("object");
    } else if (node.has("items") || node.has("prefixItems")) {
      names.add("array");
    } else if (node.has("enum") || node.has("const")) {
      return List.of(inferFromValues(node));
    } else if (node.has("airbyte_type") || node.has("format")) {
      names.add("integer".equals(node.path("airbyte_type").asText()) ? "integer" : "string");
    }
    List<ValueType> types = new ArrayList<>();
    for (String name : names) {
      switch (name) {
        case "null" -> { }
        case "string" -> types.add(stringType(node));
        case "integer" -> types.add(Scalar.INTEGER);
        case "number" -> types.add(numberType(node));
        case "boolean" -> types.add(Scalar.BOOLEAN);
        case "object" -> types.add(objectType(node));
        case "array" -> types.add(arrayType(node));
        default -> types.add(Scalar.JSON);
      }
    }
    return types;
  }

  private static ValueType stringType(JsonNode node) {
    String airbyteType = node.path("airbyte_type").asText("");
    String format = node.path("format").asText("");
    switch (airbyteType) {
      case "timestamp_with_timezone":
        return new Scalar(Kind.TIMESTAMP_WITH_TIMEZONE);
      case "timestamp_without_timezone":
        return new Scalar(Kind.TIMESTAMP_WITHOUT_TIMEZONE);
      case "time_with_timezone":
        return new Scalar(Kind.TIME_WITH_TIMEZONE);
      case "time_without_timezone":
        return new Scalar(Kind.TIME_WITHOUT_TIMEZONE);
      case "date":
        return new Scalar(Kind.DATE);
      default:
        break;
    }
    return switch (format) {
      case "date" -> new Scalar(Kind.DATE);
      case "date-time" -> new Scalar(Kind.TIMESTAMP_WITH_TIMEZONE);
      case "time" -> new Scalar(Kind.TIME_WITHOUT_TIMEZONE);
      default -> Scalar.STRING;
    };
  }

  private static ValueType numberType(JsonNode node) {
    return switch (node.path("airbyte_type").asText("")) {
      case "integer" -> Scalar.INTEGER;
      // Arbitrary precision: kept exactly, as the number's JSON text.
      case "big_integer", "big_number" -> Scalar.JSON;
      default -> Scalar.NUMBER;
    };
  }

  private ValueType objectType(JsonNode node) {
    JsonNode properties = node.get("properties");
    if (properties != null && properties.isObject() && !properties.isEmpty()) {
      List<Field> fields = new ArrayList<>();
      for (Map.Entry<String, JsonNode> property : properties.properties()) {
        fields.add(new Field(property.getKey(), typeOf(property.getValue())));
      }
      return new RecordType(fields);
    }
    JsonNode additional = node.get("additionalProperties");
    if (hasTypeInfo(additional)) {
      ValueType values = typeOf(additional);
      if (!(values instanceof Scalar s && s.kind() == Kind.JSON)) {
        return new MapType(values);
      }
    }
    return Scalar.JSON; // schemaless or empty object: kept as JSON text
  }

  private ValueType arrayType(JsonNode node) {
    JsonNode items = node.has("prefixItems") ? node.get("prefixItems") : node.get("items");
    ValueType itemType;
    if (items != null && items.isArray()) {
      List<ValueType> tuple = new ArrayList<>();
      items.forEach(item -> tuple.add(typeOf(item)));
      JsonNode more = node.get("items");
      if (node.has("prefixItems") && hasTypeInfo(more)) {
        tuple.add(typeOf(more));
      }
      itemType = tuple.isEmpty() ? Scalar.JSON : TypeMerge.of(tuple);
    } else if (hasTypeInfo(items)) {
      itemType = typeOf(items);
    } else {
      itemType = Scalar.JSON;
    }
    if (itemType instanceof Scalar s && s.kind() == Kind.JSON) {
      return Scalar.JSON; // items of any type: the whole array is kept as JSON text
    }
    return new ArrayType(itemType);
  }

  private static ValueType inferFromValues(JsonNode node) {
    List<JsonNode> values = new ArrayList<>();
    if (node.has("const")) {
      values.add(node.get("const"));
    }
    if (node.path("enum").isArray()) {
      node.get("enum").forEach(values::add);
    }
    Kind kind = null;
    for (JsonNode value : values) {
      Kind k;
      if (value.isNull()) {
        continue;
      } else if (value.isTextual()) {
        k = Kind.STRING;
      } else if (value.isBoolean()) {
        k = Kind.BOOLEAN;
      } else if (value.isIntegralNumber()) {
        k = Kind.INTEGER;
      } else if (value.isNumber()) {
        k = Kind.NUMBER;
      } else {
        return Scalar.JSON;
      }
      if (kind == null || kind == k) {
        kind = k;
      } else if ((kind == Kind.INTEGER || kind == Kind.NUMBER) && (k == Kind.INTEGER || k == Kind.NUMBER)) {
        kind = Kind.NUMBER;
      } else {
        return Scalar.JSON;
      }
    }
    return kind == null ? Scalar.JSON : new Scalar(kind);
  }
}
