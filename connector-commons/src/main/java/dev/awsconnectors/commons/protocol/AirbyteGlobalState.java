package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** State shared by all streams plus per-stream states. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteGlobalState(
    @JsonProperty("shared_state") JsonNode sharedState,
    @JsonProperty("stream_states") List<AirbyteStreamState> streamStates,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public AirbyteGlobalState {
    additionalProperties = Extras.of(additionalProperties);
  }
}
