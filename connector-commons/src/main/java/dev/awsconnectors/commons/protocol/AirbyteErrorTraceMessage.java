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

  /** Whose problem the error is: ours, the configuration's, or a passing one. */
  public static final class FailureType extends ProtocolEnum<FailureType.Known> {
    public enum Known { SYSTEM_ERROR, CONFIG_ERROR, TRANSIENT_ERROR, UNKNOWN }

    public static final FailureType SYSTEM_ERROR = new FailureType(Known.SYSTEM_ERROR, "system_error");
    public static final FailureType CONFIG_ERROR = new FailureType(Known.CONFIG_ERROR, "config_error");
    public static final FailureType TRANSIENT_ERROR = new FailureType(Known.TRANSIENT_ERROR, "transient_error");
    private static final Map<String, FailureType> CONSTANTS = byWire(SYSTEM_ERROR, CONFIG_ERROR, TRANSIENT_ERROR);

    private FailureType(Known known, String wire) {
      super(known, wire);
    }

    /** The constant for {@code wire}, or an unknown value that keeps it. */
    public static FailureType of(String wire) {
      return lookup(CONSTANTS, wire, w -> new FailureType(Known.UNKNOWN, w));
    }
  }

  public AirbyteErrorTraceMessage {
    additionalProperties = Extras.of(additionalProperties);
  }
}
