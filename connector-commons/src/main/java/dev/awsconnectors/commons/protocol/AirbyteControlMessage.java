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

  /** Control message types. */
  public static final class Type extends ProtocolEnum<Type.Known> {
    public enum Known { CONNECTOR_CONFIG, UNKNOWN }

    public static final Type CONNECTOR_CONFIG = new Type(Known.CONNECTOR_CONFIG);
    private static final Map<String, Type> CONSTANTS = byWire(CONNECTOR_CONFIG);

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
