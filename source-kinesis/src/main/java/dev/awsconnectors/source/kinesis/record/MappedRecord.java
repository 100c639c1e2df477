package dev.awsconnectors.source.kinesis.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One Airbyte record's data built from one user record, serialized, with its position in the shard.
 *
 * @param json the record's data: one JSON object in UTF-8, byte for byte as the protocol codec writes it; not to be
 *     modified
 * @param lastOfKinesisRecord whether this is the last user record of its Kinesis record (always true when the
 *     Kinesis record was not an aggregate); a checkpoint after a record that is not last must resume inside the
 *     aggregate
 * @param payloadNotObject whether JSON parsing was on but the payload was not a JSON object (kept in base64)
 * @param payloadBytes the size of the user record's payload, for throughput figures
 */
public record MappedRecord(String sequenceNumber, long subSequenceNumber, boolean lastOfKinesisRecord,
    byte[] json, boolean payloadNotObject, int payloadBytes) {

  /** The data as a tree, parsed from {@link #json()}: for tests and tools (the read path writes the bytes). */
  public ObjectNode data() {
    try {
      return (ObjectNode) ProtocolCodec.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the record holds in memory, roughly, while it waits to be emitted. */
  public long heldBytes() {
    return json.length + 96L; // the record and its array headers; the sequence number is shared
  }
}
