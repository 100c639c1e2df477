package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The envelope of every line a connector reads or writes; only the member matching {@link #type()} is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteMessage(
    @JsonProperty("type") Type type,
    @JsonProperty("log") AirbyteLogMessage log,
    @JsonProperty("spec") ConnectorSpecification spec,
    @JsonProperty("connectionStatus") AirbyteConnectionStatus connectionStatus,
    @JsonProperty("catalog") AirbyteCatalog catalog,
    @JsonProperty("record") AirbyteRecordMessage record,
    @JsonProperty("state") AirbyteStateMessage state,
    @JsonProperty("trace") AirbyteTraceMessage trace,
    @JsonProperty("control") AirbyteControlMessage control,
    @JsonProperty("destination_catalog") DestinationCatalog destinationCatalog,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  /** Message types. A message of a type this version does not know is ignored, never echoed. */
  public static final class Type extends ProtocolEnum<Type.Known> {
    public enum Known {
      RECORD, STATE, LOG, SPEC, CONNECTION_STATUS, CATALOG, TRACE, CONTROL, DESTINATION_CATALOG, UNKNOWN
    }

    public static final Type RECORD = new Type(Known.RECORD);
    public static final Type STATE = new Type(Known.STATE);
    public static final Type LOG = new Type(Known.LOG);
    public static final Type SPEC = new Type(Known.SPEC);
    public static final Type CONNECTION_STATUS = new Type(Known.CONNECTION_STATUS);
    public static final Type CATALOG = new Type(Known.CATALOG);
    public static final Type TRACE = new Type(Known.TRACE);
    public static final Type CONTROL = new Type(Known.CONTROL);
    public static final Type DESTINATION_CATALOG = new Type(Known.DESTINATION_CATALOG);
    private static final Map<String, Type> CONSTANTS = byWire(RECORD, STATE, LOG, SPEC, CONNECTION_STATUS, CATALOG,
        TRACE, CONTROL, DESTINATION_CATALOG);

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

  public AirbyteMessage {
    additionalProperties = Extras.of(additionalProperties);
  }

  public static AirbyteMessage of(AirbyteRecordMessage record) {
    return new AirbyteMessage(Type.RECORD, null, null, null, null, record, null, null, null, null, null);
  }

  public static AirbyteMessage of(AirbyteStateMessage state) {
    return new AirbyteMessage(Type.STATE, null, null, null, null, null, state, null, null, null, null);
  }

  public static AirbyteMessage of(AirbyteLogMessage log) {
    return new AirbyteMessage(Type.LOG, log, null, null, null, null, null, null, null, null, null);
  }

  public static AirbyteMessage of(ConnectorSpecification spec) {
    return new AirbyteMessage(Type.SPEC, null, spec, null, null, null, null, null, null, null, null);
  }

  public static AirbyteMessage of(AirbyteConnectionStatus status) {
    return new AirbyteMessage(Type.CONNECTION_STATUS, null, null, status, null, null, null, null, null, null, null);
  }

  public static AirbyteMessage of(AirbyteCatalog catalog) {
    return new AirbyteMessage(Type.CATALOG, null, null, null, catalog, null, null, null, null, null, null);
  }

  public static AirbyteMessage of(AirbyteTraceMessage trace) {
    return new AirbyteMessage(Type.TRACE, null, null, null, null, null, null, trace, null, null, null);
  }

  public static AirbyteMessage of(AirbyteControlMessage control) {
    return new AirbyteMessage(Type.CONTROL, null, null, null, null, null, null, null, control, null, null);
  }

  public static AirbyteMessage of(DestinationCatalog catalog) {
    return new AirbyteMessage(Type.DESTINATION_CATALOG, null, null, null, null, null, null, null, null, catalog, null);
  }
}
