package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.generation.GenerationCleaner;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The {@link StreamSink}s of one write, one per configured stream in catalog order, and what the writer asks of all
 * of them at once: the files that waiting states or the memory budget need finished, the end of input, the abort of
 * a failed sync, the cleanup and the summary.
 *
 * <p>Lifecycle: built with the writer; every method runs under the writer's state lock, as the sinks' own do.
 */
final class StreamSinks {
  private final Map<StreamDescriptor, StreamSink> byStream = new LinkedHashMap<>();

  StreamSinks(List<StreamPlan> streams, StreamSink.Shared shared) {
    streams.forEach(s -> byStream.put(s.stream().key(), new StreamSink(s, shared)));
  }

  /** The sink of {@code stream}, or null if the catalog does not configure it. */
  StreamSink find(StreamDescriptor stream) {
    return stream == null ? null : byStream.get(stream);
  }

  /** The sink of a record's stream; a record of a stream the catalog does not configure fails the sync. */
  StreamSink ofRecord(StreamDescriptor stream) {
    StreamSink sink = byStream.get(stream);
    if (sink == null) {
      throw new SystemErrorException("A record of stream '" + stream + "' arrived, which is not in the configured "
          + "catalog.");
    }
    return sink;
  }

  /** True when every stream writes its records' data as JSON text (see {@link StreamSink#takesDataAsJson}). */
  boolean takeDataAsJson() {
    return all().stream().allMatch(StreamSink::takesDataAsJson);
  }

  /** Finishes the open files holding records that {@code cutoffs} cover; returns how many. */
  int finishCovered(FlushSchedule.Cutoffs cutoffs) {
    if (cutoffs.isEmpty()) {
      return 0;
    }
    return all().stream().mapToInt(sink -> sink.finishCovered(cutoffs)).sum();
  }

  void encodeWaiting() {
    all().forEach(StreamSink::encodeWaiting);
  }

  List<OpenFile> openFiles() {
    return all().stream().flatMap(s -> s.openFiles().stream()).toList();
  }

  /** End of input: every stream's waiting records are written and its open files finished. */
  void finishAll() {
    all().forEach(StreamSink::finishAll);
  }

  /** The sync failed: every waiting record and open file is abandoned; returns how many files. */
  int discardAll() {
    return all().stream().mapToInt(StreamSink::discardAll).sum();
  }

  /** Once every upload settled: each stream's earlier data is deleted where its truncation allows it now. */
  void cleanUp(GenerationCleaner cleaner, boolean anyStatusSeen) {
    all().forEach(sink -> sink.cleanUp(cleaner, anyStatusSeen));
  }

  long filesStored() {
    return all().stream().mapToLong(StreamSink::filesStored).sum();
  }

  void logSummaries(Logger log) {
    all().forEach(s -> log.info("Summary of {}", s.summary()));
  }

  private Collection<StreamSink> all() {
    return byStream.values();
  }
}
