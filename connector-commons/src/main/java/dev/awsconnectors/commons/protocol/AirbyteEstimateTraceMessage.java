package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** How many rows or bytes a stream (or the whole sync) is expected to produce. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteEstimateTraceMessage(
    @JsonProperty("name") String name,
    @JsonProperty("type") Type type,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("row_estimate") Long rowEstimate,
    @JsonProperty("byte_estimate") Long byteEstimate,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public enum Type { STREAM, SYNC }

  public AirbyteEstimateTraceMessage {
    additionalProperties = Extras.of(additionalProperties);
  }
}
