package dev.awsconnectors.commons.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The property whose {@code const} tells the variants of a {@code oneOf} apart (the one property every variant
 * declares with a {@code const}), and each variant's value, in variant order. Immutable.
 */
record OneOfDiscriminator(String property, List<String> values) {

  /** The discriminator of {@code variants} (a oneOf array), or null if they have none. */
  static OneOfDiscriminator of(JsonNode variants) {
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
    return new OneOfDiscriminator(property, values);
  }
}
