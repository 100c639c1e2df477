package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.state.StateLedger.RecordGroup;
import dev.awsconnectors.destination.s3.storage.ObjectUpload;
import dev.awsconnectors.destination.s3.storage.PartOutputStream;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.OutputRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A file being written: its format writer, the stream of parts under it, its upload, and which records (by state
 * ledger group) it holds, to acknowledge them once the object is stored.
 *
 * <p>Lifecycle: {@link #write} any number of times, then either {@link #finish()} (the file is complete and its
 * upload completes in the background) or {@link #discard()} (nothing of it becomes visible), exactly once. Used under
 * the writer's state lock; the upload runs on the upload threads.
 */
final class OpenFile {
  /** A finished file on its way to S3: what to acknowledge and count once {@code stored} completes. */
  record Finished(OpenFile file, CompletableFuture<ObjectUpload.Result> stored, Map<RecordGroup, Long> groups,
      long records, long coercedValues) {}

  final StreamSink stream;
  final String directory;
  final long firstRecord;
  final long openedAtMillis;
  private final FormatWriter writer;
  private final PartOutputStream out;
  private final ObjectUpload upload;
  private final Map<RecordGroup, Long> groups = new IdentityHashMap<>();
  private RecordGroup lastGroup;
  private long lastGroupCount;
  private long records;
  private long formatBuffered;

  /**
   * @param firstRecord the number of the file's first record in the sync (see {@link FlushSchedule})
   */
  OpenFile(StreamSink stream, String directory, FormatWriter writer, PartOutputStream out, ObjectUpload upload,
      long firstRecord, long openedAtMillis) {
    this.stream = stream;
    this.directory = directory;
    this.writer = writer;
    this.out = out;
    this.upload = upload;
    this.firstRecord = firstRecord;
    this.openedAtMillis = openedAtMillis;
  }

  /**
   * Writes one record of {@code group}.
   *
   * @return the change of the bytes the format writer buffers
   */
  long write(OutputRecord record, RecordGroup group) throws IOException {
    writer.write(record);
    records++;
    if (group != lastGroup) {
      flushGroup();
      lastGroup = group;
    }
    lastGroupCount++;
    long buffered = writer.bufferedBytes();
    long delta = buffered - formatBuffered;
    formatBuffered = buffered;
    return delta;
  }

  /** The file's size so far, after compression, including what the format writer still buffers. */
  long size() {
    return out.bytesWritten() + formatBuffered;
  }

  /** Bytes in the part being filled. */
  long partBytes() {
    return out.bufferedBytes();
  }

  /** Bytes the format writer held after the last write. */
  long formatBuffered() {
    return formatBuffered;
  }

  int partsHandedOver() {
    return out.partsHandedOver();
  }

  /** Uploads the part being filled now if it can be a non-final part (5 MiB); see {@link MemoryPolicy}. */
  void handOverPartEarly() {
    out.handOverEarly();
  }

  /** For messages: the key, once the upload chose it. */
  String key() {
    return upload.key();
  }

  /**
   * Ends the file (footer, trailer) and starts completing its upload; never waits for S3.
   *
   * @throws UncheckedIOException if the format writer failed (the caller then discards the file)
   */
  Finished finish() {
    try {
      writer.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not finish a file of stream '" + stream.descriptor() + "'", e);
    }
    formatBuffered = 0;
    flushGroup();
    CompletableFuture<ObjectUpload.Result> stored = upload.complete(out.partsHandedOver() + 1, out.takeLastPart());
    return new Finished(this, stored, Map.copyOf(groups), records, writer.coercedValues());
  }

  /** Abandons the file (after a failure): its buffers are freed and its upload aborted, in the background. */
  CompletableFuture<Void> discard() {
    formatBuffered = 0;
    out.discard();
    return upload.abort();
  }

  private void flushGroup() {
    if (lastGroup != null && lastGroupCount > 0) {
      groups.merge(lastGroup, lastGroupCount, Long::sum);
    }
    lastGroupCount = 0;
  }
}
