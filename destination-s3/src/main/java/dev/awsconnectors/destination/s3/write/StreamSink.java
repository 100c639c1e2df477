package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.protocol.DestinationSyncMode;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.generation.Truncation;
import dev.awsconnectors.destination.s3.path.PathTemplate.StreamPath;
import dev.awsconnectors.format.FormatWriterFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One configured stream during a write: how its files are named and made, its open files (one per rendered
 * directory, so one per partition value), the keys it completed, and whether the platform reported it complete.
 */
final class StreamSink {
  final StreamDescriptor descriptor;
  final DestinationSyncMode mode;
  final Truncation truncation;
  final FormatWriterFactory formats;
  final StreamPath path;
  final String tag;
  final Map<String, String> metadata;
  final String syncId;
  final Map<String, OpenFile> open = new LinkedHashMap<>();
  final Set<String> completedKeys = ConcurrentHashMap.newKeySet();
  final AtomicLong recordsStored = new AtomicLong();
  long recordsAccepted;
  boolean complete;

  /**
   * @param metadata the user metadata of every object of the stream (generation, sync, stream tag)
   * @param syncId the value of {@code {sync_id}}
   */
  StreamSink(StreamDescriptor descriptor, DestinationSyncMode mode, Truncation truncation,
      FormatWriterFactory formats, StreamPath path, String tag, Map<String, String> metadata, String syncId) {
    this.descriptor = descriptor;
    this.mode = mode;
    this.truncation = truncation;
    this.formats = formats;
    this.path = path;
    this.tag = tag;
    this.metadata = Map.copyOf(metadata);
    this.syncId = syncId;
  }
}
