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

  public enum Change { NULLED, TRUNCATED }

  public enum Reason {
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
    DESTINATION_TYPECAST_ERROR
  }

  public AirbyteRecordMessageMetaChange {
    additionalProperties = Extras.of(additionalProperties);
  }

  public AirbyteRecordMessageMetaChange(String field, Change change, Reason reason) {
    this(field, change, reason, Map.of());
  }
}
