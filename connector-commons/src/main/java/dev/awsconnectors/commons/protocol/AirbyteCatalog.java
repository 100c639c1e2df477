package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The streams a source offers ({@code discover} output). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteCatalog(
    @JsonProperty("streams") List<AirbyteStream> streams,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public AirbyteCatalog {
    streams = streams == null ? null : List.copyOf(streams);
    additionalProperties = Extras.of(additionalProperties);
  }

  public AirbyteCatalog(List<AirbyteStream> streams) {
    this(streams, Map.of());
  }
}
