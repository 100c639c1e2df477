package dev.awsconnectors.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import java.util.UUID;

/**
 * One record as it goes into a file.
 *
 * @param rawId the record's id ({@code _airbyte_ab_id} / {@code _airbyte_raw_id}), a random UUID v4
 * @param emittedAt the source's {@code emitted_at}, epoch milliseconds
 * @param data the record's data object
 * @param meta the upstream changes to pass through; may be null
 */
public record OutputRecord(UUID rawId, long emittedAt, JsonNode data, AirbyteRecordMessageMeta meta) {}
