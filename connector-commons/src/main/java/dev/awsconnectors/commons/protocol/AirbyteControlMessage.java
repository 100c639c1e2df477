package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Asks the platform to persist an updated connector configuration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteControlMessage(
    @JsonProperty("type") Type type,
    @JsonProperty("emitted_at") Long emittedAt,
    @JsonProperty("connectorConfig") ConnectorConfig connectorConfig,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public enum Type { CONNECTOR_CONFIG }

  /** {@code AirbyteControlConnectorConfigMessage}: the whole new configuration. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConnectorConfig(
      @JsonProperty("config") JsonNode config,
      @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {
    public ConnectorConfig {
      additionalProperties = Extras.of(additionalProperties);
    }
  }

  public AirbyteControlMessage {
    additionalProperties = Extras.of(additionalProperties);
  }
}
