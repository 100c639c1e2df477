package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The streams chosen for a sync, with their modes ({@code read} and {@code write} input). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfiguredAirbyteCatalog(
    @JsonProperty("streams") List<ConfiguredAirbyteStream> streams,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public ConfiguredAirbyteCatalog {
    streams = streams == null ? null : List.copyOf(streams);
    additionalProperties = Extras.of(additionalProperties);
  }

  public ConfiguredAirbyteCatalog(List<ConfiguredAirbyteStream> streams) {
    this(streams, Map.of());
  }

  /** The configured stream with exactly this name and namespace ({@code null} and {@code ""} differ). */
  public Optional<ConfiguredAirbyteStream> find(StreamDescriptor descriptor) {
    return streams.stream().filter(s -> s.descriptor().key().equals(descriptor.key())).findFirst();
  }
}
