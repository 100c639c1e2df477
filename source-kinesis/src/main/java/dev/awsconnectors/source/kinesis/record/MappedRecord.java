package dev.awsconnectors.source.kinesis.record;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Airbyte record's data built from one user record, with its position in the shard.
 *
 * @param lastOfKinesisRecord whether this is the last user record of its Kinesis record (always true when the
 *     Kinesis record was not an aggregate); a checkpoint after a record that is not last must resume inside the
 *     aggregate
 * @param payloadNotObject whether JSON parsing was on but the payload was not a JSON object (kept in
 *     {@code data_base64})
 * @param payloadBytes the size of the user record's payload, for throughput figures
 */
public record MappedRecord(String sequenceNumber, long subSequenceNumber, boolean lastOfKinesisRecord,
    ObjectNode data, boolean payloadNotObject, int payloadBytes) {}
