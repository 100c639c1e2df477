package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a destination writes a stream. {@code overwrite_dedup} is not in the protocol schema but older platforms send
 * it, so it is accepted.
 */
public enum DestinationSyncMode {
  @JsonProperty("append") APPEND,
  @JsonProperty("overwrite") OVERWRITE,
  @JsonProperty("append_dedup") APPEND_DEDUP,
  @JsonProperty("overwrite_dedup") OVERWRITE_DEDUP,
  @JsonProperty("update") UPDATE,
  @JsonProperty("soft_delete") SOFT_DELETE
}
