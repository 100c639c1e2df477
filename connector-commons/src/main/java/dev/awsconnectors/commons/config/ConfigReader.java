package dev.awsconnectors.commons.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed, read-only access to a configuration that already passed schema validation, for the one place per connector
 * that turns it into an immutable config record. Problems found while reading (a bad region, an unknown template
 * variable) are collected, and {@link #throwIfProblems()} reports all of them in one {@link ConfigErrorException}.
 *
 * <p>Absent, {@code null} and blank strings all read as "not set", as the Airbyte UI sends empty strings for
 * untouched optional fields.
 */
public final class ConfigReader {
  private final JsonNode node;
  private final String prefix;
  private final List<String> problems;

  private ConfigReader(JsonNode node, String prefix, List<String> problems) {
    this.node = node;
    this.prefix = prefix;
    this.problems = problems;
  }

  public static ConfigReader of(JsonNode root) {
    return new ConfigReader(root, "", new ArrayList<>());
  }

  /** The dotted path of {@code field} below this reader, as shown in messages. */
  public String path(String field) {
    return prefix + field;
  }

  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank());
  }

  public Optional<String> string(String field) {
    return has(field) ? Optional.of(node.get(field).asText().strip()) : Optional.empty();
  }

  public String string(String field, String defaultValue) {
    return string(field).orElse(defaultValue);
  }

  /** A required string; records a problem and returns {@code ""} when it is missing. */
  public String requiredString(String field) {
    Optional<String> v = string(field);
    if (v.isEmpty()) {
      problem(field, "is required but missing");
      return "";
    }
    return v.get();
  }

  /** A secret is never stripped: its exact bytes matter. */
  public Optional<Secret> secret(String field) {
    return has(field) ? Optional.of(new Secret(node.get(field).asText())) : Optional.empty();
  }

  public int integer(String field, int defaultValue) {
    return (int) longValue(field, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  public long longValue(String field, long defaultValue) {
    return longValue(field, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** An integer within {@code [min, max]}; a value outside is a problem and the default is returned. */
  public long longValue(String field, long defaultValue, long min, long max) {
    if (!has(field)) {
      return defaultValue;
    }
    JsonNode v = node.get(field);
    long value;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      value = v.asLong();
    } else if (v.isTextual() && v.asText().strip().matches("-?\\d{1,18}")) {
      value = Long.parseLong(v.asText().strip());
    } else {
      problem(field, "must be an integer");
      return defaultValue;
    }
    if (value < min || value > max) {
      problem(field, "must be between " + min + " and " + max + " (was " + value + ")");
      return defaultValue;
    }
    return value;
  }

  public boolean bool(String field, boolean defaultValue) {
    if (!has(field)) {
      return defaultValue;
    }
    JsonNode v = node.get(field);
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    problem(field, "must be true or false");
    return defaultValue;
  }

  /** A list of non-blank strings; a single string counts as a one-element list. */
  public List<String> strings(String field) {
    if (!has(field)) {
      return List.of();
    }
    JsonNode v = node.get(field);
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(e -> {
        if (!e.isNull() && !e.asText().isBlank()) {
          out.add(e.asText().strip());
        }
      });
    } else {
      out.add(v.asText().strip());
    }
    return List.copyOf(out);
  }

  /** A nested object, read with the same problem list. */
  public Optional<ConfigReader> object(String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      return Optional.empty();
    }
    return Optional.of(new ConfigReader(v, path(field) + ".", problems));
  }

  /**
   * An enum-like choice, compared case-insensitively with {@code name.apply(constant)}; an unknown value is a
   * problem naming the allowed ones.
   */
  public <E extends Enum<E>> E choice(String field, Class<E> type, Function<E, String> name, E defaultValue) {
    Optional<String> v = string(field);
    if (v.isEmpty()) {
      return defaultValue;
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      if (name.apply(constant).equalsIgnoreCase(v.get())) {
        return constant;
      }
      allowed.add(name.apply(constant));
    }
    problem(field, "must be one of " + allowed + " (was '" + v.get() + "')");
    return defaultValue;
  }

  /** Records a problem with {@code field}; the message should say what to change. */
  public void problem(String field, String message) {
    problems.add("'" + path(field) + "' " + message);
  }

  /** Records a problem that concerns no single field. */
  public void problem(String message) {
    problems.add(message);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
  }

  /** The one exception for an invalid configuration, listing every problem. */
  public static ConfigErrorException invalid(List<String> problems) {
    if (problems.size() == 1) {
      return new ConfigErrorException("The configuration is invalid: " + problems.get(0) + ".");
    }
    return new ConfigErrorException("The configuration is invalid (" + problems.size() + " problems): "
        + String.join("; ", problems) + ".");
  }
}
