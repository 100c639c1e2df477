package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Why a stream has its status; today only RATE_LIMITED, with the time the quota resets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteStreamStatusReason(
    @JsonProperty("type") Type type,
    @JsonProperty("rate_limited") RateLimited rateLimited,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  /** Reason types. */
  public static final class Type extends ProtocolEnum<Type.Known> {
    public enum Known { RATE_LIMITED, UNKNOWN }

    public static final Type RATE_LIMITED = new Type(Known.RATE_LIMITED);
    private static final Map<String, Type> CONSTANTS = byWire(RATE_LIMITED);

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

  /** {@code AirbyteStreamStatusRateLimitedReason}: epoch milliseconds at which the quota resets. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RateLimited(
      @JsonProperty("quota_reset") Long quotaReset,
      @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {
    public RateLimited {
      additionalProperties = Extras.of(additionalProperties);
    }
  }

  public AirbyteStreamStatusReason {
    additionalProperties = Extras.of(additionalProperties);
  }
}
