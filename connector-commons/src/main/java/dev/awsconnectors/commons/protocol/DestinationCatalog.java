package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The objects and operations a data-activation destination offers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DestinationCatalog(
    @JsonProperty("operations") List<DestinationOperation> operations,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public DestinationCatalog {
    operations = operations == null ? null : List.copyOf(operations);
    additionalProperties = Extras.of(additionalProperties);
  }
}
