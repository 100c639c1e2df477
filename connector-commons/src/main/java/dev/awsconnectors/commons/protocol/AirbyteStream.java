package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A stream as a source describes it: name, JSON schema, supported sync modes, cursor and primary key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteStream(
    @JsonProperty("name") String name,
    @JsonProperty("json_schema") JsonNode jsonSchema,
    @JsonProperty("supported_sync_modes") List<SyncMode> supportedSyncModes,
    @JsonProperty("source_defined_cursor") Boolean sourceDefinedCursor,
    @JsonProperty("default_cursor_field") List<String> defaultCursorField,
    @JsonProperty("source_defined_primary_key") List<List<String>> sourceDefinedPrimaryKey,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("is_resumable") Boolean isResumable,
    @JsonProperty("is_file_based") Boolean isFileBased,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public AirbyteStream {
    additionalProperties = Extras.of(additionalProperties);
  }

  public StreamDescriptor descriptor() {
    return new StreamDescriptor(name, namespace);
  }
}
