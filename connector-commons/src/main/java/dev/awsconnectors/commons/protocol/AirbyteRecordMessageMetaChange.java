package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One change to one field of a record. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteRecordMessageMetaChange(
    @JsonProperty("field") String field,
    @JsonProperty("change") Change change,
    @JsonProperty("reason") Reason reason,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  /** What was done to the field. */
  public static final class Change extends ProtocolEnum<Change.Known> {
    public enum Known { NULLED, TRUNCATED, UNKNOWN }

    public static final Change NULLED = new Change(Known.NULLED);
    public static final Change TRUNCATED = new Change(Known.TRUNCATED);
    private static final Map<String, Change> CONSTANTS = byWire(NULLED, TRUNCATED);

    private Change(Known known) {
      super(known);
    }

    private Change(String unknown) {
      super(Known.UNKNOWN, unknown);
    }

    /** The constant for {@code wire}, or an unknown value that keeps it. */
    public static Change of(String wire) {
      return lookup(CONSTANTS, wire, Change::new);
    }
  }

  /** Why the field was changed. */
  public static final class Reason extends ProtocolEnum<Reason.Known> {
    public enum Known {
      SOURCE_RECORD_SIZE_LIMITATION,
      DESTINATION_RECORD_SIZE_LIMITATION,
      PLATFORM_RECORD_SIZE_LIMITATION,
      SOURCE_FIELD_SIZE_LIMITATION,
      DESTINATION_FIELD_SIZE_LIMITATION,
      PLATFORM_FIELD_SIZE_LIMITATION,
      SOURCE_SERIALIZATION_ERROR,
      DESTINATION_SERIALIZATION_ERROR,
      PLATFORM_SERIALIZATION_ERROR,
      SOURCE_RETRIEVAL_ERROR,
      DESTINATION_TYPECAST_ERROR,
      UNKNOWN
    }

    public static final Reason SOURCE_RECORD_SIZE_LIMITATION = new Reason(Known.SOURCE_RECORD_SIZE_LIMITATION);
    public static final Reason DESTINATION_RECORD_SIZE_LIMITATION =
        new Reason(Known.DESTINATION_RECORD_SIZE_LIMITATION);
    public static final Reason PLATFORM_RECORD_SIZE_LIMITATION = new Reason(Known.PLATFORM_RECORD_SIZE_LIMITATION);
    public static final Reason SOURCE_FIELD_SIZE_LIMITATION = new Reason(Known.SOURCE_FIELD_SIZE_LIMITATION);
    public static final Reason DESTINATION_FIELD_SIZE_LIMITATION = new Reason(Known.DESTINATION_FIELD_SIZE_LIMITATION);
    public static final Reason PLATFORM_FIELD_SIZE_LIMITATION = new Reason(Known.PLATFORM_FIELD_SIZE_LIMITATION);
    public static final Reason SOURCE_SERIALIZATION_ERROR = new Reason(Known.SOURCE_SERIALIZATION_ERROR);
    public static final Reason DESTINATION_SERIALIZATION_ERROR = new Reason(Known.DESTINATION_SERIALIZATION_ERROR);
    public static final Reason PLATFORM_SERIALIZATION_ERROR = new Reason(Known.PLATFORM_SERIALIZATION_ERROR);
    public static final Reason SOURCE_RETRIEVAL_ERROR = new Reason(Known.SOURCE_RETRIEVAL_ERROR);
    public static final Reason DESTINATION_TYPECAST_ERROR = new Reason(Known.DESTINATION_TYPECAST_ERROR);
    private static final Map<String, Reason> CONSTANTS = byWire(SOURCE_RECORD_SIZE_LIMITATION,
        DESTINATION_RECORD_SIZE_LIMITATION, PLATFORM_RECORD_SIZE_LIMITATION, SOURCE_FIELD_SIZE_LIMITATION,
        DESTINATION_FIELD_SIZE_LIMITATION, PLATFORM_FIELD_SIZE_LIMITATION, SOURCE_SERIALIZATION_ERROR,
        DESTINATION_SERIALIZATION_ERROR, PLATFORM_SERIALIZATION_ERROR, SOURCE_RETRIEVAL_ERROR,
        DESTINATION_TYPECAST_ERROR);

    private Reason(Known known) {
      super(known);
    }

    private Reason(String unknown) {
      super(Known.UNKNOWN, unknown);
    }

    /** The constant for {@code wire}, or an unknown value that keeps it. */
    public static Reason of(String wire) {
      return lookup(CONSTANTS, wire, Reason::new);
    }
  }

  public AirbyteRecordMessageMetaChange {
    additionalProperties = Extras.of(additionalProperties);
  }

  public AirbyteRecordMessageMetaChange(String field, Change change, Reason reason) {
    this(field, change, reason, Map.of());
  }
}
