package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.protocol.DestinationSyncMode;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.generation.Truncation;
import dev.awsconnectors.destination.s3.path.PathTemplate.StreamPath;
import dev.awsconnectors.format.FormatWriterFactory;
import java.util.Map;

/**
 * How one configured stream is written in this sync.
 *
 * @param mode the destination sync mode as sent (decides when an overwrite may delete without a COMPLETE status)
 * @param tag the stream's tag ({@code ab-stream} metadata)
 * @param metadata the user metadata of every object of the stream
 * @param syncId the value of {@code {sync_id}}, or empty
 */
public record StreamPlan(StreamDescriptor stream, DestinationSyncMode mode, Truncation truncation,
    FormatWriterFactory formats, StreamPath path, String tag, Map<String, String> metadata, String syncId) {

  public StreamPlan {
    metadata = Map.copyOf(metadata);
  }
}
