package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Record counts attached to a state. Counts we write are doubles ({@code 5.0}), as the schema asks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteStateStats(
    @JsonProperty("recordCount") Number recordCount,
    @JsonProperty("rejectedRecordCount") Number rejectedRecordCount,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public AirbyteStateStats {
    additionalProperties = Extras.of(additionalProperties);
  }

  public static AirbyteStateStats ofRecordCount(long recordCount) {
    return new AirbyteStateStats((double) recordCount, null, Map.of());
  }

  public static AirbyteStateStats of(long recordCount, long rejectedRecordCount) {
    return new AirbyteStateStats((double) recordCount, rejectedRecordCount == 0 ? null : (double) rejectedRecordCount,
        Map.of());
  }
}
