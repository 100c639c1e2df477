package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A stream's progress: STARTED, RUNNING, then COMPLETE or INCOMPLETE. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteStreamStatusTraceMessage(
    @JsonProperty("stream_descriptor") StreamDescriptor streamDescriptor,
    @JsonProperty("status") AirbyteStreamStatus status,
    @JsonProperty("reasons") List<AirbyteStreamStatusReason> reasons,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public enum AirbyteStreamStatus { STARTED, RUNNING, COMPLETE, INCOMPLETE }

  public AirbyteStreamStatusTraceMessage {
    reasons = reasons == null ? null : List.copyOf(reasons);
    additionalProperties = Extras.of(additionalProperties);
  }

  public AirbyteStreamStatusTraceMessage(StreamDescriptor streamDescriptor, AirbyteStreamStatus status) {
    this(streamDescriptor, status, null, Map.of());
  }
}
