package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The state of one stream; a JSON {@code null} {@code stream_state} means "reset this stream". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteStreamState(
    @JsonProperty("stream_descriptor") StreamDescriptor streamDescriptor,
    @JsonProperty("stream_state") JsonNode streamState,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public AirbyteStreamState {
    additionalProperties = Extras.of(additionalProperties);
  }

  public AirbyteStreamState(StreamDescriptor streamDescriptor, JsonNode streamState) {
    this(streamDescriptor, streamState, Map.of());
  }
}
