package dev.awsconnectors.commons.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.awsconnectors.commons.protocol.ConnectorSpecification;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connector's {@code spec.json}: the single source of the configuration's shape. It validates a raw configuration
 * against the draft-07 {@code connectionSpecification} (every problem at once) and finds the values of the fields
 * marked {@code airbyte_secret}.
 */
public final class ConnectorSpec {
  /**
   * Draft 07 where keywords it does not know ({@code airbyte_secret}, {@code order}, {@code group}, ...) are
   * annotations: they validate nothing and, unlike the library's default, are not logged as warnings.
   */
  private static final JsonSchemaFactory DRAFT_07_WITH_ANNOTATIONS = JsonSchemaFactory.builder(
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7))
      .metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV7())
          .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword)).build())
      .build();

  private static final Pattern PATH_SEGMENT = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]|\\['([^']*)']");

  private final ConnectorSpecification specification;
  private final JsonSchema schema;

  private ConnectorSpec(ConnectorSpecification specification) {
    this.specification = specification;
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().locale(java.util.Locale.ENGLISH)
        .pathType(PathType.JSON_PATH).build();
    this.schema = DRAFT_07_WITH_ANNOTATIONS.getSchema(specification.connectionSpecification(), config);
  }

  /** Loads {@code spec.json} from the classpath, next to {@code anchor}. */
  public static ConnectorSpec load(Class<?> anchor) {
    try (InputStream in = anchor.getResourceAsStream("spec.json")) {
      if (in == null) {
        throw new IllegalStateException("No spec.json next to " + anchor.getName());
      }
      ConnectorSpecification spec = ProtocolCodec.mapper().readValue(in, ConnectorSpecification.class);
      if (spec.connectionSpecification() == null) {
        throw new IllegalStateException("spec.json of " + anchor.getName() + " has no connectionSpecification");
      }
      return new ConnectorSpec(spec);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read spec.json of " + anchor.getName(), e);
    }
  }

  public ConnectorSpecification specification() {
    return specification;
  }

  /**
   * {@code config} with every string that matches an {@code enum} or {@code const} value of the spec but for its
   * letter case written as the spec writes it ({@code jsonl} → {@code JSONL}, {@code SNAPPY} → Avro's
   * {@code snappy}), so that a hand-written config is not refused for its spelling; the config is not changed. Inside
   * a {@code oneOf}, the variant the config chose with its discriminator decides which values apply. A value that
   * matches no allowed value, or several that differ only in case, is left as it is for {@link #validate} to report.
   */
  public JsonNode canonical(JsonNode config) {
    JsonNode result = canonical(List.of(specification.connectionSpecification()), config);
    return result == null ? config : result;
  }

  /** The canonical form of {@code value} under any of {@code schemas}, or null when it is already canonical. */
  private static JsonNode canonical(List<JsonNode> schemas, JsonNode value) {
    if (value == null || schemas.isEmpty()) {
      return null;
    }
    if (value.isTextual()) {
      return canonicalText(schemas, value.asText());
    }
    if (value.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      schemas.forEach(s -> items.add(s.path("items")));
      ArrayNode copy = null;
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = canonical(items, value.get(i));
        if (item != null) {
          copy = copy == null ? value.deepCopy() : copy;
          copy.set(i, item);
        }
      }
      return copy;
    }
    if (!value.isObject()) {
      return null;
    }
    List<JsonNode> applicable = new ArrayList<>();
    for (JsonNode schema : schemas) {
      applicable.addAll(applicableTo(schema, value));
    }
    ObjectNode copy = null;
    for (var fields = value.fields(); fields.hasNext();) {
      var field = fields.next();
      List<JsonNode> fieldSchemas = new ArrayList<>();
      for (JsonNode schema : applicable) {
        JsonNode property = schema.path("properties").get(field.getKey());
        if (property != null && !property.path("airbyte_secret").asBoolean(false)) {
          fieldSchemas.add(property);
        }
      }
      JsonNode canonical = canonical(fieldSchemas, field.getValue());
      if (canonical != null) {
        copy = copy == null ? value.deepCopy() : copy;
        copy.set(field.getKey(), canonical);
      }
    }
    return copy;
  }

  /** {@code schema} and the variants of its combinators that apply to {@code value}: of a oneOf, the chosen one. */
  private static List<JsonNode> applicableTo(JsonNode schema, JsonNode value) {
    List<JsonNode> out = new ArrayList<>();
    out.add(schema);
    schema.path("allOf").forEach(s -> out.addAll(applicableTo(s, value)));
    schema.path("anyOf").forEach(s -> out.addAll(applicableTo(s, value)));
    JsonNode oneOf = schema.path("oneOf");
    Discriminator discriminator = Discriminator.of(oneOf);
    int chosen = -1;
    if (discriminator != null && value.path(discriminator.property()).isTextual()) {
      String given = value.path(discriminator.property()).asText();
      JsonNode canonical = canonicalText(List.of(schema), given, discriminator.values());
      chosen = discriminator.values().indexOf(canonical == null ? given : canonical.asText());
    }
    for (int i = 0; i < oneOf.size(); i++) {
      if (chosen < 0 || i == chosen) {
        out.addAll(applicableTo(oneOf.get(i), value));
      }
    }
    return out;
  }

  private static JsonNode canonicalText(List<JsonNode> schemas, String text) {
    List<String> allowed = new ArrayList<>();
    for (JsonNode schema : schemas) {
      schema.path("enum").forEach(v -> {
        if (v.isTextual()) {
          allowed.add(v.asText());
        }
      });
      if (schema.path("const").isTextual()) {
        allowed.add(schema.path("const").asText());
      }
    }
    return canonicalText(schemas, text, allowed);
  }

  private static JsonNode canonicalText(List<JsonNode> schemas, String text, List<String> allowed) {
    if (allowed.contains(text)) {
      return null;
    }
    List<String> matches = allowed.stream().filter(a -> a.equalsIgnoreCase(text)).distinct().toList();
    return matches.size() == 1 ? TextNode.valueOf(matches.get(0)) : null;
  }

  /**
   * Every way {@code config} breaks the schema, as sentences naming the field, sorted by field; empty if valid. A
   * failed {@code oneOf} reports only the errors of the variant the config chose with its discriminator (or which
   * values the discriminator accepts), not those of every variant.
   */
  public List<String> validate(JsonNode config) {
    List<ValidationMessage> messages = new ArrayList<>(schema.validate(config));
    Map<ValidationMessage, String> rewritten = new HashMap<>();
    focusOneOfs(messages, config, rewritten);
    messages.sort(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
        .thenComparing(ValidationMessage::getMessage));
    Set<String> problems = new LinkedHashSet<>();
    for (ValidationMessage m : messages) {
      problems.add(rewritten.getOrDefault(m, describe(m) + badValue(m, config)));
    }
    return List.copyOf(problems);
  }

  /** Drops the errors of the variants the config did not choose; rewrites a oneOf no variant of which was chosen. */
  private void focusOneOfs(List<ValidationMessage> messages, JsonNode config,
      Map<ValidationMessage, String> rewritten) {
    List<ValidationMessage> oneOfs = new ArrayList<>(messages.stream().filter(m -> "oneOf".equals(m.getType()))
        .toList());
    oneOfs.sort(Comparator.comparingInt(m -> m.getEvaluationPath().toString().length()));
    for (ValidationMessage oneOf : oneOfs) {
      if (!messages.contains(oneOf)) {
        continue;
      }
      String variantsPath = oneOf.getEvaluationPath().toString();
      JsonNode variants = schemaAt(variantsPath);
      Discriminator discriminator = Discriminator.of(variants);
      if (discriminator == null) {
        continue;
      }
      JsonNode instance = at(config, oneOf.getInstanceLocation().toString());
      String chosen = instance.path(discriminator.property()).asText(null);
      int variant = discriminator.values().indexOf(chosen);
      messages.removeIf(m -> m != oneOf && m.getEvaluationPath().toString().startsWith(variantsPath + "[")
          && (variant < 0 || !m.getEvaluationPath().toString().startsWith(variantsPath + "[" + variant + "]")));
      if (variant < 0) {
        String where = oneOf.getInstanceLocation().toString();
        String field = (where.equals("$") ? "" : where.substring(2) + ".") + discriminator.property();
        rewritten.put(oneOf, "'" + field + "' must be one of " + discriminator.values()
            + (chosen == null ? "" : " (was '" + chosen + "')"));
      } else {
        messages.remove(oneOf);
      }
    }
  }

  /** The property whose {@code const} tells the variants of a oneOf apart, and each variant's value. */
  private record Discriminator(String property, List<String> values) {
    static Discriminator of(JsonNode variants) {
      if (!variants.isArray() || variants.isEmpty()) {
        return null;
      }
      Set<String> common = null;
      for (JsonNode variant : variants) {
        Set<String> consts = new LinkedHashSet<>();
        variant.path("properties").fields().forEachRemaining(p -> {
          if (p.getValue().has("const")) {
            consts.add(p.getKey());
          }
        });
        if (common == null) {
          common = consts;
        } else {
          common.retainAll(consts);
        }
      }
      if (common == null || common.size() != 1) {
        return null;
      }
      String property = common.iterator().next();
      List<String> values = new ArrayList<>();
      variants.forEach(v -> values.add(v.path("properties").path(property).path("const").asText()));
      return new Discriminator(property, values);
    }
  }

  /** The schema node at a JSON-path style evaluation path such as {@code $.properties.format.oneOf}. */
  private JsonNode schemaAt(String path) {
    return at(specification.connectionSpecification(), path);
  }

  private static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    Matcher segment = PATH_SEGMENT.matcher(path);
    while (segment.find()) {
      if (segment.group(1) != null) {
        node = node.path(segment.group(1));
      } else if (segment.group(2) != null) {
        node = node.path(Integer.parseInt(segment.group(2)));
      } else {
        node = node.path(segment.group(3));
      }
    }
    return node;
  }

  /**
   * The top-level fields of {@code config} that the spec does not declare, in the config's order, each with the
   * declared field it most likely is a typo of.
   */
  public List<UnknownField> unknownFields(JsonNode config) {
    List<String> declared = new ArrayList<>();
    specification.connectionSpecification().path("properties").fieldNames().forEachRemaining(declared::add);
    List<UnknownField> unknown = new ArrayList<>();
    config.fieldNames().forEachRemaining(name -> {
      if (!declared.contains(name)) {
        unknown.add(UnknownField.of(name, declared));
      }
    });
    return unknown;
  }

  /**
   * The values of every {@code airbyte_secret} field present in {@code config}, including inside oneOf variants and
   * in unknown fields that are likely typos of a secret field.
   */
  public Set<String> secretValues(JsonNode config) {
    Set<String> secrets = new LinkedHashSet<>();
    JsonNode properties = specification.connectionSpecification().path("properties");
    collectSecrets(specification.connectionSpecification(), config, secrets);
    // A misspelt secret field ('secret_acess_key') holds a secret all the same.
    for (UnknownField unknown : config.isObject() ? unknownFields(config) : List.<UnknownField>of()) {
      unknown.closest().map(properties::path).ifPresent(schema -> collectSecrets(schema, config.get(unknown.name()),
          secrets));
    }
    return secrets;
  }

  /** Keywords whose messages do not quote the value; naming it tells the user what to fix. */
  private static final Set<String> VALUE_KEYWORDS = Set.of("enum", "const", "type", "minimum", "maximum",
      "exclusiveMinimum", "exclusiveMaximum", "pattern", "format", "minLength", "maxLength");
  private static final int MAX_QUOTED_VALUE = 80;

  /** " (was 'x')" for a scalar value that breaks a keyword above, unless the field holds a secret. */
  private String badValue(ValidationMessage m, JsonNode config) {
    if (!VALUE_KEYWORDS.contains(m.getType())) {
      return "";
    }
    String keywordPath = m.getEvaluationPath().toString();
    JsonNode field = schemaAt(keywordPath.substring(0, Math.max(0, keywordPath.lastIndexOf('.'))));
    JsonNode value = at(config, m.getInstanceLocation().toString());
    if (field.path("airbyte_secret").asBoolean(false) || !value.isValueNode() || value.isNull()) {
      return "";
    }
    String text = value.asText();
    if (text.length() > MAX_QUOTED_VALUE) {
      text = text.substring(0, MAX_QUOTED_VALUE) + "…";
    }
    return " (was '" + text + "')";
  }

  private static String describe(ValidationMessage m) {
    // networknt messages read "$.format.codec: does not have a value in the enumeration [...]"; it never quotes the
    // instance value for the keywords a spec uses, so secrets cannot leak through it (badValue adds it where safe).
    String where = m.getInstanceLocation().toString();
    String text = m.getMessage();
    if (text.startsWith(where + ": ")) {
      text = text.substring(where.length() + 2);
    }
    String field = where.equals("$") ? "" : where.substring(2);
    if ("required".equals(m.getType()) && m.getProperty() != null) {
      String missing = field.isEmpty() ? m.getProperty() : field + "." + m.getProperty();
      return "'" + missing + "' is required but missing";
    }
    if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
      return "'" + (field.isEmpty() ? m.getProperty() : field + "." + m.getProperty()) + "' is not a known field";
    }
    return field.isEmpty() ? text : "'" + field + "': " + text;
  }

  private static void collectSecrets(JsonNode schema, JsonNode value, Set<String> out) {
    if (schema == null || value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    if (schema.path("airbyte_secret").asBoolean(false)) {
      if (value.isValueNode()) {
        out.add(value.asText());
      } else {
        value.forEach(v -> collectSecrets(schema, v, out));
      }
      return;
    }
    if (value.isObject()) {
      schema.path("properties").fields()
          .forEachRemaining(p -> collectSecrets(p.getValue(), value.get(p.getKey()), out));
      for (JsonNode variant : schema.path("oneOf")) {
        collectSecrets(variant, value, out);
      }
      for (JsonNode variant : schema.path("anyOf")) {
        collectSecrets(variant, value, out);
      }
    } else if (value.isArray()) {
      JsonNode items = schema.path("items");
      value.forEach(v -> collectSecrets(items, v, out));
    }
  }
}
