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

  public enum Type { ERROR, ESTIMATE, STREAM_STATUS, ANALYTICS }

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
