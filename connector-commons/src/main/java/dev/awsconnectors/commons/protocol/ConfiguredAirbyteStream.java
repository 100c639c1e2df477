package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One stream of a configured catalog. {@code generation_id} / {@code minimum_generation_id} drive truncation:
 * data of generations below the minimum is to be deleted once this generation is complete.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfiguredAirbyteStream(
    @JsonProperty("stream") AirbyteStream stream,
    @JsonProperty("sync_mode") SyncMode syncMode,
    @JsonProperty("cursor_field") List<String> cursorField,
    @JsonProperty("destination_sync_mode") DestinationSyncMode destinationSyncMode,
    @JsonProperty("destination_object_name") String destinationObjectName,
    @JsonProperty("primary_key") List<List<String>> primaryKey,
    @JsonProperty("generation_id") Long generationId,
    @JsonProperty("minimum_generation_id") Long minimumGenerationId,
    @JsonProperty("sync_id") Long syncId,
    @JsonProperty("include_files") Boolean includeFiles,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public ConfiguredAirbyteStream {
    additionalProperties = Extras.of(additionalProperties);
  }

  public StreamDescriptor descriptor() {
    return stream.descriptor();
  }
}
