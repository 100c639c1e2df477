package dev.awsconnectors.source.kinesis.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks records against a stream's declared JSON schema, compiled once, to count schema drift; it never rejects
 * anything. Checked: {@code type} (integers strictly, as Airbyte's acceptance tests do: {@code 1.0} is a number),
 * {@code properties}, {@code required}, {@code additionalProperties}, {@code items}, {@code enum}, {@code const},
 * {@code format} {@code date} and {@code date-time} (RFC 3339, as inference declares them), and {@code allOf} /
 * {@code anyOf} / {@code oneOf} (one matching option suffices). Other keywords ({@code $ref}, {@code pattern},
 * bounds) are not checked. Immutable and thread-safe.
 */
public final class SchemaConformance {
  /** Accepts every value. */
  public static final SchemaConformance ANY = new SchemaConformance(Node.ANY);

  private final Node root;

  private SchemaConformance(Node root) {
    this.root = root;
  }

  /** Compiles {@code schema}; anything that is not an object schema accepts every value. */
  public static SchemaConformance of(JsonNode schema) {
    return new SchemaConformance(compile(schema));
  }

  /** The first place where {@code value} does not match, as {@code path: what}; empty when it matches. */
  public Optional<String> mismatch(JsonNode value) {
    String relative = root.mismatch(value);
    return relative == null ? Optional.empty() : Optional.of("$" + relative);
  }

  /** The JSON types of the schema's {@code type} keyword. */
  private enum Type {
    NULL, BOOLEAN, INTEGER, NUMBER, STRING, ARRAY, OBJECT;

    static Type of(JsonNode value) {
      return switch (value.getNodeType()) {
        case NULL, MISSING -> NULL;
        case BOOLEAN -> BOOLEAN;
        case NUMBER -> value.isIntegralNumber() ? INTEGER : NUMBER;
        case ARRAY -> ARRAY;
        case OBJECT -> OBJECT;
        default -> STRING;
      };
    }

    int bit() {
      return 1 << ordinal();
    }
  }

  /**
   * One compiled (sub)schema; fields are null when the keyword is absent. {@code acceptedTypes} is a bit set of
   * {@link Type#bit()}s (an integer is also a number), 0 when any type is accepted.
   */
  private record Node(Set<Type> types, int acceptedTypes, Map<String, Node> properties, List<String> required,
      Node additional, boolean noAdditional, Node items, List<JsonNode> allowed, Optional<String> format,
      List<Node> allOf, List<Node> anyOf) {
    static final Node ANY = new Node(null, 0, Map.of(), List.of(), null, false, null, null, Optional.empty(),
        List.of(), List.of());

    /**
     * Where {@code value} first differs, relative to this node ({@code ": what"} here, {@code ".field[2]: what"}
     * below), or null. Paths are only built on a mismatch: most records match.
     */
    String mismatch(JsonNode value) {
      Type actual = Type.of(value);
      if (acceptedTypes != 0 && (acceptedTypes & actual.bit()) == 0) {
        return ": " + actual.name().toLowerCase(Locale.ROOT) + " where " + names(types) + " is declared";
      }
      if (allowed != null && !allowed.contains(value)) {
        return ": a value outside the declared enum";
      }
      if (actual == Type.STRING && format.isPresent() && !formatMatches(value.textValue(), format.get())) {
        return ": a string that is not a " + format.get();
      }
      if (actual == Type.OBJECT) {
        String m = objectMismatch(value);
        if (m != null) {
          return m;
        }
      }
      if (actual == Type.ARRAY && items != null) {
        int i = 0;
        for (JsonNode item : value) {
          String m = items.mismatch(item);
          if (m != null) {
            return "[" + i + "]" + m;
          }
          i++;
        }
      }
      for (Node option : allOf) {
        String m = option.mismatch(value);
        if (m != null) {
          return m;
        }
      }
      if (!anyOf.isEmpty()) {
        String first = null;
        for (Node option : anyOf) {
          String m = option.mismatch(value);
          if (m == null) {
            return null;
          }
          first = first == null ? m : first;
        }
        return first;
      }
      return null;
    }

    private String objectMismatch(JsonNode value) {
      for (String name : required) {
        if (!value.has(name)) {
          return "." + name + ": missing, but required";
        }
      }
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        Node declared = properties.get(field.getKey());
        Node check = declared != null ? declared : additional;
        if (declared == null && noAdditional) {
          return "." + field.getKey() + ": not declared, and the schema allows no other fields";
        }
        if (check != null) {
          String m = check.mismatch(field.getValue());
          if (m != null) {
            return "." + field.getKey() + m;
          }
        }
      }
      return null;
    }
  }

  private static boolean formatMatches(String text, String format) {
    Optional<TemporalKind> kind = TemporalKind.of(text);
    return kind.isPresent() && kind.get().format().filter(format::equals).isPresent();
  }

  private static String names(Set<Type> types) {
    List<String> names = new ArrayList<>();
    types.forEach(t -> names.add(t.name().toLowerCase(Locale.ROOT)));
    return names.size() == 1 ? names.get(0) : names.toString();
  }

  private static Node compile(JsonNode schema) {
    if (schema == null || !schema.isObject() || schema.isEmpty()) {
      return Node.ANY;
    }
    Set<Type> types = types(schema.get("type"));
    Map<String, Node> properties = new LinkedHashMap<>();
    JsonNode props = schema.get("properties");
    if (props != null && props.isObject()) {
      props.properties().forEach(e -> properties.put(e.getKey(), compile(e.getValue())));
    }
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> {
      if (r.isTextual()) {
        required.add(r.textValue());
      }
    });
    JsonNode additional = schema.get("additionalProperties");
    boolean noAdditional = additional != null && additional.isBoolean() && !additional.booleanValue();
    Node additionalNode = additional != null && additional.isObject() ? compile(additional) : null;
    JsonNode items = schema.get("items");
    Node itemsNode = items != null && items.isObject() ? compile(items) : null;
    List<JsonNode> allowed = null;
    if (schema.has("const")) {
      allowed = List.of(schema.get("const"));
    } else if (schema.path("enum").isArray()) {
      allowed = new ArrayList<>();
      schema.get("enum").forEach(allowed::add);
    }
    String format = schema.path("format").asText("");
    Optional<String> checkedFormat = format.equals("date") || format.equals("date-time") ? Optional.of(format)
        : Optional.empty();
    List<Node> allOf = options(schema.get("allOf"));
    List<Node> anyOf = new ArrayList<>(options(schema.get("anyOf")));
    anyOf.addAll(options(schema.get("oneOf")));
    int accepted = 0;
    if (types != null) {
      for (Type t : types) {
        accepted |= t.bit() | (t == Type.NUMBER ? Type.INTEGER.bit() : 0);
      }
    }
    return new Node(types, accepted, properties, required, additionalNode, noAdditional, itemsNode, allowed,
        checkedFormat, allOf, anyOf);
  }

  /** The declared types; null (any type) when the keyword is absent or names a type this check does not know. */
  private static Set<Type> types(JsonNode type) {
    if (type == null) {
      return null;
    }
    Set<Type> types = EnumSet.noneOf(Type.class);
    List<JsonNode> names = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(names::add);
    } else {
      names.add(type);
    }
    for (JsonNode name : names) {
      try {
        types.add(Type.valueOf(name.asText().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return types.isEmpty() ? null : Collections.unmodifiableSet(types);
  }

  private static List<Node> options(JsonNode list) {
    List<Node> nodes = new ArrayList<>();
    if (list != null && list.isArray()) {
      list.forEach(option -> nodes.add(compile(option)));
    }
    return nodes;
  }
}
