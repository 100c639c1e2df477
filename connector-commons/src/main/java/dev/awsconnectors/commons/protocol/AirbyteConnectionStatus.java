package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The answer to {@code check}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteConnectionStatus(
    @JsonProperty("status") Status status,
    @JsonProperty("message") String message,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public enum Status { SUCCEEDED, FAILED }

  public AirbyteConnectionStatus {
    additionalProperties = Extras.of(additionalProperties);
  }

  public static AirbyteConnectionStatus succeeded() {
    return new AirbyteConnectionStatus(Status.SUCCEEDED, null, Map.of());
  }

  public static AirbyteConnectionStatus failed(String message) {
    return new AirbyteConnectionStatus(Status.FAILED, message, Map.of());
  }
}
