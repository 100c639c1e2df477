package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One record of a stream; {@code emitted_at} is epoch milliseconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteRecordMessage(
    @JsonProperty("namespace") String namespace,
    @JsonProperty("stream") String stream,
    @JsonProperty("data") JsonNode data,
    @JsonProperty("emitted_at") Long emittedAt,
    @JsonProperty("meta") AirbyteRecordMessageMeta meta,
    @JsonProperty("file_reference") AirbyteRecordMessageFileReference fileReference,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  public AirbyteRecordMessage {
    additionalProperties = Extras.of(additionalProperties);
  }

  public AirbyteRecordMessage(String namespace, String stream, JsonNode data, long emittedAt) {
    this(namespace, stream, data, emittedAt, null, null, Map.of());
  }

  public StreamDescriptor streamDescriptor() {
    return new StreamDescriptor(stream, namespace);
  }
}
