package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A log line for the platform's job log. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteLogMessage(
    @JsonProperty("level") Level level,
    @JsonProperty("message") String message,
    @JsonProperty("stack_trace") String stackTrace,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public enum Level { FATAL, ERROR, WARN, INFO, DEBUG, TRACE }

  public AirbyteLogMessage {
    additionalProperties = Extras.of(additionalProperties);
  }

  public AirbyteLogMessage(Level level, String message) {
    this(level, message, null, Map.of());
  }
}
