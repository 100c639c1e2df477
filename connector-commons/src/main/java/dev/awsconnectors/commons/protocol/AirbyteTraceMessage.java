package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Errors, estimates, stream statuses and analytics; only the member matching {@link #type()} is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteTraceMessage(
    @JsonProperty("type") Type type,
    @JsonProperty("emitted_at") Long emittedAt,
    @JsonProperty("error") AirbyteErrorTraceMessage error,
    @JsonProperty("estimate") AirbyteEstimateTraceMessage estimate,
    @JsonProperty("stream_status") AirbyteStreamStatusTraceMessage streamStatus,
    @JsonProperty("analytics") AirbyteAnalyticsTraceMessage analytics,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  /** Trace types. */
  public static final class Type extends ProtocolEnum<Type.Known> {
    public enum Known { ERROR, ESTIMATE, STREAM_STATUS, ANALYTICS, UNKNOWN }

    public static final Type ERROR = new Type(Known.ERROR);
    public static final Type ESTIMATE = new Type(Known.ESTIMATE);
    public static final Type STREAM_STATUS = new Type(Known.STREAM_STATUS);
    public static final Type ANALYTICS = new Type(Known.ANALYTICS);
    private static final Map<String, Type> CONSTANTS = byWire(ERROR, ESTIMATE, STREAM_STATUS, ANALYTICS);

    private Type(Known known) {
      super(known);
    }

    private Type(String unknown) {
      super(Known.UNKNOWN, unknown);
    }

    /** The constant for {@code wire}, or an unknown value that keeps it. */
    public static Type of(String wire) {
      return lookup(CONSTANTS, wire, Type::new);
    }
  }

  public AirbyteTraceMessage {
    additionalProperties = Extras.of(additionalProperties);
  }

  public static AirbyteTraceMessage of(long emittedAt, AirbyteErrorTraceMessage error) {
    return new AirbyteTraceMessage(Type.ERROR, emittedAt, error, null, null, null, Map.of());
  }

  public static AirbyteTraceMessage of(long emittedAt, AirbyteEstimateTraceMessage estimate) {
    return new AirbyteTraceMessage(Type.ESTIMATE, emittedAt, null, estimate, null, null, Map.of());
  }

  public static AirbyteTraceMessage of(long emittedAt, AirbyteStreamStatusTraceMessage status) {
    return new AirbyteTraceMessage(Type.STREAM_STATUS, emittedAt, null, null, status, null, Map.of());
  }

  public static AirbyteTraceMessage of(long emittedAt, AirbyteAnalyticsTraceMessage analytics) {
    return new AirbyteTraceMessage(Type.ANALYTICS, emittedAt, null, null, null, analytics, Map.of());
  }
}
