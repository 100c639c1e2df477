package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** One object of a {@link DestinationCatalog} and how it can be written. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DestinationOperation(
    @JsonProperty("object_name") String objectName,
    @JsonProperty("sync_mode") DestinationSyncMode syncMode,
    @JsonProperty("json_schema") JsonNode jsonSchema,
    @JsonProperty("matching_keys") List<List<String>> matchingKeys,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public DestinationOperation {
    additionalProperties = Extras.of(additionalProperties);
  }
}
