package dev.awsconnectors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules Airbyte's connector acceptance tests (TestSpec) apply to a {@code connectionSpecification}: secrets
 * marked, {@code additionalProperties} true, no forbidden keywords, oneOf variants with one common const
 * discriminator, single or nullable property types, non-empty objects, unique enums and orders, groups only at the
 * top level, display types only with oneOf.
 */
public final class SpecRules {
  private static final Set<String> SECRET_NAMES = Set.of("client_token", "access_token", "api_token", "token",
      "secret", "client_secret", "password", "key", "service_account_info", "service_account", "tenant_id",
      "certificate", "jwt", "credentials", "app_id", "appid", "refresh_token");
  private static final Set<String> FORBIDDEN = Set.of("not", "anyOf", "patternProperties", "prefixItems", "allOf",
      "if", "then", "else", "dependentSchemas", "dependentRequired");

  private SpecRules() {}

  /** Every violation, as a sentence naming the JSON path; empty if the spec passes. */
  public static List<String> violations(JsonNode connectionSpecification) {
    List<String> out = new ArrayList<>();
    out.addAll(ProtocolSchema.draft07Problems(connectionSpecification));
    walk(connectionSpecification, "$", true, out);
    return out;
  }

  private static void walk(JsonNode schema, String path, boolean root, List<String> out) {
    if (!schema.isObject()) {
      return;
    }
    for (Iterator<String> it = schema.fieldNames(); it.hasNext();) {
      String keyword = it.next();
      if (FORBIDDEN.contains(keyword)) {
        out.add(path + ": forbidden keyword '" + keyword + "'");
      }
    }
    if (schema.has("additionalProperties") && !schema.get("additionalProperties").equals(
        com.fasterxml.jackson.databind.node.BooleanNode.TRUE)) {
      out.add(path + ": additionalProperties must be true");
    }
    if (schema.has("$ref")) {
      out.add(path + ": unresolved $ref");
    }
    if (schema.has("display_type") && !schema.has("oneOf")) {
      out.add(path + ": display_type without oneOf");
    }
    JsonNode type = schema.get("type");
    if (type != null && type.isArray()) {
      boolean nullable = type.size() == 2 && (type.get(0).asText().equals("null")
          || type.get(1).asText().equals("null"));
      if (!nullable) {
        out.add(path + ": type must be one type or [type, \"null\"]");
      }
    }
    if (schema.has("enum")) {
      Set<String> seen = new HashSet<>();
      schema.get("enum").forEach(v -> {
        if (!seen.add(v.toString())) {
          out.add(path + ": duplicate enum value " + v);
        }
      });
    }
    boolean objectType = type != null && type.asText().equals("object");
    if (objectType && !root && !schema.has("properties") && !schema.has("oneOf")) {
      out.add(path + ": object without properties");
    }
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      Map<String, Set<Integer>> ordersByGroup = new HashMap<>();
      properties.fields().forEachRemaining(p -> {
        String name = p.getKey();
        JsonNode property = p.getValue();
        String at = path + "." + name;
        checkSecret(name, property, at, out);
        if (property.has("group") && !root) {
          out.add(at + ": group is only allowed on top-level properties");
        }
        if (property.has("order")) {
          String group = property.path("group").asText("");
          if (!ordersByGroup.computeIfAbsent(group, g -> new HashSet<>()).add(property.get("order").asInt())) {
            out.add(at + ": duplicate order " + property.get("order").asInt() + " in group '" + group + "'");
          }
        }
        walk(property, at, false, out);
      });
    }
    JsonNode oneOf = schema.get("oneOf");
    if (oneOf != null) {
      if (!objectType) {
        out.add(path + ": oneOf needs a parent of type object");
      }
      checkDiscriminator(oneOf, path, out);
      for (int i = 0; i < oneOf.size(); i++) {
        walk(oneOf.get(i), path + ".oneOf[" + i + "]", false, out);
      }
    }
    JsonNode items = schema.get("items");
    if (items != null) {
      if (items.isArray()) {
        out.add(path + ": items must be a single schema");
      } else {
        String itemType = items.path("type").asText("");
        if (!items.has("enum") && !Set.of("object", "string", "number", "integer").contains(itemType)) {
          out.add(path + ": array items must be object, string, number or integer");
        }
        walk(items, path + ".items", false, out);
      }
    }
  }

  private static void checkSecret(String name, JsonNode property, String at, List<String> out) {
    String last = name.toLowerCase(Locale.ROOT);
    boolean secret = property.path("airbyte_secret").asBoolean(false);
    String type = property.path("type").isArray() ? property.path("type").get(0).asText()
        : property.path("type").asText("");
    boolean canHoldString = Set.of("string", "integer", "number").contains(type);
    if (SECRET_NAMES.contains(last) && canHoldString && !property.has("const") && !secret) {
      out.add(at + ": looks like a secret but is not marked airbyte_secret");
    }
    if (secret && !canHoldString) {
      out.add(at + ": airbyte_secret on a property that cannot hold a string");
    }
  }

  private static void checkDiscriminator(JsonNode variants, String path, List<String> out) {
    Set<String> common = null;
    for (JsonNode variant : variants) {
      if (!variant.has("properties")) {
        out.add(path + ": every oneOf variant needs properties");
        return;
      }
      Set<String> consts = new HashSet<>();
      variant.get("properties").fields().forEachRemaining(p -> {
        JsonNode prop = p.getValue();
        if (prop.has("const")) {
          consts.add(p.getKey());
          if (prop.has("default") && !prop.get("default").equals(prop.get("const"))) {
            out.add(path + "." + p.getKey() + ": default differs from const");
          }
          if (prop.has("enum") && !(prop.get("enum").size() == 1 && prop.get("enum").get(0).equals(prop.get("const")))) {
            out.add(path + "." + p.getKey() + ": enum differs from const");
          }
        }
      });
      if (common == null) {
        common = consts;
      } else {
        common.retainAll(consts);
      }
    }
    if (common == null || common.size() != 1) {
      out.add(path + ": oneOf variants need exactly one common const discriminator property (found " + common + ")");
    }
  }
}
