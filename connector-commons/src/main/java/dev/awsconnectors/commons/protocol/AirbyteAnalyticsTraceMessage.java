package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A usage event with a static type and an optional string value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteAnalyticsTraceMessage(
    @JsonProperty("type") String type,
    @JsonProperty("value") String value,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public AirbyteAnalyticsTraceMessage {
    additionalProperties = Extras.of(additionalProperties);
  }
}
