package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Normalises the {@code additionalProperties} component of the protocol records: never null, never mutable. */
final class Extras {
  private Extras() {}

  static Map<String, JsonNode> of(Map<String, JsonNode> properties) {
    if (properties == null || properties.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }
}
