package dev.awsconnectors.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.StreamDescriptor;

/**
 * What a file writer knows about the stream it writes.
 *
 * @param jsonSchema the stream's {@code json_schema} from the configured catalog
 * @param generationId the stream's generation ({@code _airbyte_generation_id}); null if the platform sent none
 * @param syncId the sync's id ({@code _airbyte_meta.sync_id}); null if the platform sent none
 */
public record StreamSchema(StreamDescriptor stream, JsonNode jsonSchema, AirbyteColumns columns, Long generationId,
    Long syncId) {}
