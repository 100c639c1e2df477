package dev.awsconnectors.commons.config;

import com.fasterxml.jackson.databind.JsonNode;
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
   * {@code config} with every enum or const value written as the spec writes it, whatever its letter case: see
   * {@link EnumSpellings}. The config itself is not changed.
   */
  public JsonNode canonical(JsonNode config) {
    return EnumSpellings.canonical(specification.connectionSpecification(), config);
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
      OneOfDiscriminator discriminator = OneOfDiscriminator.of(variants);
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
