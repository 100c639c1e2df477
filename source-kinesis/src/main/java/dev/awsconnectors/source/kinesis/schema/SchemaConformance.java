package dev.awsconnectors.source.kinesis.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
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
 * bounds) are not checked. A value is checked as a tree ({@link #mismatch}) or, for writers that stream records
 * without building trees, token by token ({@link #walk}), with the same verdict. Immutable and thread-safe.
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

  /**
   * Whether {@link #walk} can check values of this schema: it cannot compare values ({@code enum}, {@code const}) or
   * try alternatives ({@code allOf}, {@code anyOf}, {@code oneOf}) on tokens, nor track more than 64 required fields
   * of an object. Inferred schemas and the record envelope use none of these.
   */
  public boolean walkable() {
    return root.walkable();
  }

  /**
   * A new token-by-token check of values against this schema, for one thread.
   *
   * @throws IllegalStateException if the schema is not {@link #walkable()}
   */
  public Walk walk() {
    if (!walkable()) {
      throw new IllegalStateException("The schema uses keywords a walk cannot check");
    }
    return new Walk(root);
  }

  /** The first place where {@code value} does not match, as {@code path: what}; empty when it matches. */
  public Optional<String> mismatch(JsonNode value) {
    String relative = root.mismatch(value);
    return relative == null ? Optional.empty() : Optional.of("$" + relative);
  }

  /** The JSON types of the schema's {@code type} keyword, which are also the kinds of values a {@link Walk} sees. */
  public enum Type {
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
      List<Node> allOf, List<Node> anyOf, Map<String, Integer> requiredIndex) {
    static final Node ANY = new Node(null, 0, Map.of(), List.of(), null, false, null, null, Optional.empty(),
        List.of(), List.of(), Map.of());

    /** The mask of {@link #requiredIndex} bits an object sets when it has every required field. */
    long requiredMask() {
      return requiredIndex.size() == 64 ? -1L : (1L << requiredIndex.size()) - 1;
    }

    boolean walkable() {
      if (allowed != null || !allOf.isEmpty() || !anyOf.isEmpty() || requiredIndex.size() > 64) {
        return false;
      }
      for (Node p : properties.values()) {
        if (!p.walkable()) {
          return false;
        }
      }
      return (additional == null || additional.walkable()) && (items == null || items.walkable());
    }

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
    Map<String, Integer> requiredIndex = new LinkedHashMap<>();
    required.forEach(name -> requiredIndex.putIfAbsent(name, requiredIndex.size()));
    return new Node(types, accepted, properties, required, additionalNode, noAdditional, itemsNode, allowed,
        checkedFormat, allOf, anyOf, requiredIndex);
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

  /**
   * Checks values token by token as a streaming writer produces them, with the verdict {@link #mismatch} gives on
   * the value those tokens make. Says only whether a value matches; {@link #mismatch} on its tree describes where it
   * does not. A value that failed is not looked at further.
   *
   * <p>Lifecycle: {@link #start} before each value, then its tokens in order: {@link #startObject},
   * {@link #field} before each member's value, {@link #endObject}; {@link #startArray}, {@link #endArray}; scalars
   * with {@link #scalar}, strings with {@link #string} (their text only when {@link #wantsText()}); then
   * {@link #matches}. Not thread-safe: one per thread, reused for value after value.
   */
  public static final class Walk {
    private final Node root;
    /** The frames of the containers open: their node (null: not checked) and, for objects, the required seen. */
    private Node[] nodes = new Node[16];
    private boolean[] objects = new boolean[16];
    private long[] seen = new long[16];
    private int depth;
    /** The node the next value is checked against; null: not checked. */
    private Node expected;
    private boolean failed;
    /** The last string checked for a format, by identity (metadata values repeat), and its verdict. */
    private String lastFormatText;
    private String lastFormat;
    private boolean lastFormatMatched;

    private Walk(Node root) {
      this.root = root;
    }

    /** Begins a new value. */
    public void start() {
      depth = 0;
      expected = root;
      failed = false;
    }

    /** Whether every token so far matches. */
    public boolean matches() {
      return !failed;
    }

    public void startObject() {
      push(value(Type.OBJECT), true);
      expected = null;
    }

    /** The name of the next member of the innermost object. */
    public void field(String name) {
      Node object = nodes[depth - 1];
      if (failed || object == null) {
        expected = null;
        return;
      }
      Node declared = object.properties.get(name);
      if (declared == null && object.noAdditional) {
        failed = true;
        return;
      }
      if (!object.requiredIndex.isEmpty()) {
        Integer bit = object.requiredIndex.get(name);
        if (bit != null) {
          seen[depth - 1] |= 1L << bit;
        }
      }
      expected = declared != null ? declared : object.additional;
    }

    public void endObject() {
      depth--;
      Node object = nodes[depth];
      if (!failed && object != null && seen[depth] != object.requiredMask()) {
        failed = true;
      }
      afterValue();
    }

    public void startArray() {
      Node array = value(Type.ARRAY);
      push(array, false);
      expected = array == null ? null : array.items;
    }

    public void endArray() {
      depth--;
      afterValue();
    }

    /** A value that is not a string, object or array. */
    public void scalar(Type type) {
      value(type);
      afterValue();
    }

    /** Whether the next value, if it is a string, must be given to {@link #string} with its text. */
    public boolean wantsText() {
      return !failed && expected != null && expected.format.isPresent();
    }

    /** A string; {@code text} may be null unless {@link #wantsText()}. */
    public void string(String text) {
      Node node = value(Type.STRING);
      if (node != null && node.format.isPresent() && !formatMatchesCached(text, node.format.get())) {
        failed = true;
      }
      afterValue();
    }

    /** The node the value of {@code type} is checked against, or null (not checked, or failed now). */
    private Node value(Type type) {
      Node node = expected;
      if (failed || node == null) {
        return null;
      }
      if (node.acceptedTypes != 0 && (node.acceptedTypes & type.bit()) == 0) {
        failed = true;
        return null;
      }
      return node;
    }

    private void afterValue() {
      expected = depth > 0 && !objects[depth - 1] && nodes[depth - 1] != null ? nodes[depth - 1].items : null;
    }

    private void push(Node node, boolean object) {
      if (depth == nodes.length) {
        nodes = Arrays.copyOf(nodes, depth * 2);
        objects = Arrays.copyOf(objects, depth * 2);
        seen = Arrays.copyOf(seen, depth * 2);
      }
      nodes[depth] = node;
      objects[depth] = object;
      seen[depth] = 0;
      depth++;
    }

    private boolean formatMatchesCached(String text, String format) {
      if (text != lastFormatText || !format.equals(lastFormat)) {
        lastFormatMatched = formatMatches(text, format);
        lastFormatText = text;
        lastFormat = format;
      }
      return lastFormatMatched;
    }
  }
}
