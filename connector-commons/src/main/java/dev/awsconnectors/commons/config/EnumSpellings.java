package dev.awsconnectors.commons.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The letter-case policy of hand-written configs: every string that matches an {@code enum} or {@code const} value
 * of the spec but for its letter case is written as the spec writes it ({@code jsonl} → {@code JSONL},
 * {@code SNAPPY} → Avro's {@code snappy}), so that a config is not refused for its spelling. Inside a {@code oneOf},
 * the variant the config chose with its discriminator decides which values apply. A value that matches no allowed
 * value, or several that differ only in case, is left as it is for validation to report. Secret fields are never
 * touched. Pure.
 */
final class EnumSpellings {
  private EnumSpellings() {}

  /** {@code config} spelled as {@code schema} spells its values: a copy if anything changed, else {@code config}. */
  static JsonNode canonical(JsonNode schema, JsonNode config) {
    JsonNode result = canonical(List.of(schema), config);
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
    OneOfDiscriminator discriminator = OneOfDiscriminator.of(oneOf);
    int chosen = -1;
    if (discriminator != null && value.path(discriminator.property()).isTextual()) {
      String given = value.path(discriminator.property()).asText();
      JsonNode canonical = spelled(given, discriminator.values());
      chosen = discriminator.values().indexOf(canonical == null ? given : canonical.asText());
    }
    for (int i = 0; i < oneOf.size(); i++) {
      if (chosen < 0 || i == chosen) {
        out.addAll(applicableTo(oneOf.get(i), value));
      }
    }
    return out;
  }

  /** The spec's spelling of {@code text} among the enum and const values of {@code schemas}, or null. */
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
    return spelled(text, allowed);
  }

  /** The one value of {@code allowed} that is {@code text} but for letter case, or null (none, several, exact). */
  static JsonNode spelled(String text, List<String> allowed) {
    if (allowed.contains(text)) {
      return null;
    }
    List<String> matches = allowed.stream().filter(a -> a.equalsIgnoreCase(text)).distinct().toList();
    return matches.size() == 1 ? TextNode.valueOf(matches.get(0)) : null;
  }
}
