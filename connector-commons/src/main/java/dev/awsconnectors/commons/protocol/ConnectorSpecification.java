package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** What {@code spec} answers: the JSON schema of the configuration and what the connector supports. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectorSpecification(
    @JsonProperty("documentationUrl") String documentationUrl,
    @JsonProperty("changelogUrl") String changelogUrl,
    @JsonProperty("connectionSpecification") JsonNode connectionSpecification,
    @JsonProperty("supportsIncremental") Boolean supportsIncremental,
    @JsonProperty("supportsNormalization") Boolean supportsNormalization,
    @JsonProperty("supportsDBT") Boolean supportsDbt,
    @JsonProperty("supported_destination_sync_modes") List<DestinationSyncMode> supportedDestinationSyncModes,
    @JsonProperty("authSpecification") JsonNode authSpecification,
    @JsonProperty("advanced_auth") JsonNode advancedAuth,
    @JsonProperty("protocol_version") String protocolVersion,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public ConnectorSpecification {
    additionalProperties = Extras.of(additionalProperties);
  }
}
