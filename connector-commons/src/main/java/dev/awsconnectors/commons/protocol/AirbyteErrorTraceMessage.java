package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** An error: {@code message} for the user, {@code internal_message} and {@code stack_trace} for the developers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteErrorTraceMessage(
    @JsonProperty("message") String message,
    @JsonProperty("internal_message") String internalMessage,
    @JsonProperty("stack_trace") String stackTrace,
    @JsonProperty("failure_type") FailureType failureType,
    @JsonProperty("stream_descriptor") StreamDescriptor streamDescriptor,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public enum FailureType {
    @JsonProperty("system_error") SYSTEM_ERROR,
    @JsonProperty("config_error") CONFIG_ERROR,
    @JsonProperty("transient_error") TRANSIENT_ERROR
  }

  public AirbyteErrorTraceMessage {
    additionalProperties = Extras.of(additionalProperties);
  }
}
