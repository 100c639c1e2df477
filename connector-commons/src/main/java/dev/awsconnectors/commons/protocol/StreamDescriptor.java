package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Identifies a stream: its name and optional namespace. {@code null} and {@code ""} namespaces are different. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamDescriptor(
    @JsonProperty("name") String name,
    @JsonProperty("namespace") String namespace,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public StreamDescriptor {
    additionalProperties = Extras.of(additionalProperties);
  }

  public StreamDescriptor(String name, String namespace) {
    this(name, namespace, Map.of());
  }

  /** Equality on name and namespace only, for use as a map key. */
  public StreamDescriptor key() {
    return additionalProperties.isEmpty() ? this : new StreamDescriptor(name, namespace);
  }

  /** {@code namespace.name}, or {@code name} without namespace; for log messages. */
  @Override
  public String toString() {
    return namespace == null ? name : namespace + "." + name;
  }
}
