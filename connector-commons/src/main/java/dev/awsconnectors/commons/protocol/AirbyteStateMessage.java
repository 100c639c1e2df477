package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A checkpoint. {@link #type()} absent means LEGACY ({@link #effectiveType()}). The stats are {@link Number}s so that
 * a value read as {@code 3} is written back as {@code 3} and one read as {@code 3.0} as {@code 3.0}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteStateMessage(
    @JsonProperty("type") AirbyteStateType type,
    @JsonProperty("stream") AirbyteStreamState stream,
    @JsonProperty("global") AirbyteGlobalState global,
    @JsonProperty("data") JsonNode data,
    @JsonProperty("sourceStats") AirbyteStateStats sourceStats,
    @JsonProperty("destinationStats") AirbyteStateStats destinationStats,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public AirbyteStateMessage {
    additionalProperties = Extras.of(additionalProperties);
  }

  /** A STREAM state with {@code sourceStats.recordCount}, as a source emits it. */
  public static AirbyteStateMessage forStream(StreamDescriptor stream, JsonNode streamState, long recordCount) {
    return new AirbyteStateMessage(AirbyteStateType.STREAM, new AirbyteStreamState(stream, streamState), null, null,
        AirbyteStateStats.ofRecordCount(recordCount), null, Map.of());
  }

  /**
   * The type to act on, for a switch: LEGACY when absent, UNKNOWN for a type this version does not know (such a state
   * covers everything before it and is echoed as it came).
   */
  public AirbyteStateType.Known effectiveType() {
    return type == null ? AirbyteStateType.Known.LEGACY : type.known();
  }
}
