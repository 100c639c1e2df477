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

  /** A stream's status. */
  public static final class AirbyteStreamStatus extends ProtocolEnum<AirbyteStreamStatus.Known> {
    public enum Known { STARTED, RUNNING, COMPLETE, INCOMPLETE, UNKNOWN }

    public static final AirbyteStreamStatus STARTED = new AirbyteStreamStatus(Known.STARTED);
    public static final AirbyteStreamStatus RUNNING = new AirbyteStreamStatus(Known.RUNNING);
    public static final AirbyteStreamStatus COMPLETE = new AirbyteStreamStatus(Known.COMPLETE);
    public static final AirbyteStreamStatus INCOMPLETE = new AirbyteStreamStatus(Known.INCOMPLETE);
    private static final Map<String, AirbyteStreamStatus> CONSTANTS = byWire(STARTED, RUNNING, COMPLETE, INCOMPLETE);

    private AirbyteStreamStatus(Known known) {
      super(known);
    }

    private AirbyteStreamStatus(String unknown) {
      super(Known.UNKNOWN, unknown);
    }

    /** The constant for {@code wire}, or an unknown value that keeps it. */
    public static AirbyteStreamStatus of(String wire) {
      return lookup(CONSTANTS, wire, AirbyteStreamStatus::new);
    }
  }

  public AirbyteStreamStatusTraceMessage {
    reasons = reasons == null ? null : List.copyOf(reasons);
    additionalProperties = Extras.of(additionalProperties);
  }

  public AirbyteStreamStatusTraceMessage(StreamDescriptor streamDescriptor, AirbyteStreamStatus status) {
    this(streamDescriptor, status, null, Map.of());
  }
}
