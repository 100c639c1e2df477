package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A file transferred alongside a record (file-based streams). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteRecordMessageFileReference(
    @JsonProperty("staging_file_url") String stagingFileUrl,
    @JsonProperty("source_file_relative_path") String sourceFileRelativePath,
    @JsonProperty("file_size_bytes") Long fileSizeBytes,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public AirbyteRecordMessageFileReference {
    additionalProperties = Extras.of(additionalProperties);
  }
}
