package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Changes made to a record on its way (fields nulled or truncated, and why). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteRecordMessageMeta(
    @JsonProperty("changes") List<AirbyteRecordMessageMetaChange> changes,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public AirbyteRecordMessageMeta {
    changes = changes == null ? null : List.copyOf(changes);
    additionalProperties = Extras.of(additionalProperties);
  }

  public AirbyteRecordMessageMeta(List<AirbyteRecordMessageMetaChange> changes) {
    this(changes, Map.of());
  }
}
