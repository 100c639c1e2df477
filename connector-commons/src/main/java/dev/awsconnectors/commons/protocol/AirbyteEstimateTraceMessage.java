package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** How many rows or bytes a stream (or the whole sync) is expected to produce. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteEstimateTraceMessage(
    @JsonProperty("name") String name,
    @JsonProperty("type") Type type,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("row_estimate") Long rowEstimate,
    @JsonProperty("byte_estimate") Long byteEstimate,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  /** Whether the estimate is for one stream or the whole sync. */
  public static final class Type extends ProtocolEnum<Type.Known> {
    public enum Known { STREAM, SYNC, UNKNOWN }

    public static final Type STREAM = new Type(Known.STREAM);
    public static final Type SYNC = new Type(Known.SYNC);
    private static final Map<String, Type> CONSTANTS = byWire(STREAM, SYNC);

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

  public AirbyteEstimateTraceMessage {
    additionalProperties = Extras.of(additionalProperties);
  }
}
