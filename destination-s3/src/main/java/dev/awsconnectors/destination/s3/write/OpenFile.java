package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.state.StateLedger.RecordGroup;
import dev.awsconnectors.destination.s3.storage.ObjectUpload;
import dev.awsconnectors.destination.s3.storage.PartOutputStream;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.OutputRecord;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A file being written: its format writer, the stream of parts under it, its upload, and which records (by state
 * ledger group) it holds, to acknowledge them once the object is complete. Used by the writer's thread only.
 */
final class OpenFile {
  final StreamSink stream;
  final String directory;
  final FormatWriter writer;
  final PartOutputStream out;
  final ObjectUpload upload;
  final long firstRecord;
  final long openedAtMillis;
  private final Map<RecordGroup, Long> groups = new IdentityHashMap<>();
  private RecordGroup lastGroup;
  private long lastGroupCount;
  long records;
  /** The format writer's buffered bytes after the last write (kept to maintain the writer's running total). */
  long formatBuffered;

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

  void write(OutputRecord record, RecordGroup group) throws IOException {
    writer.write(record);
    records++;
    if (group != lastGroup) {
      flushGroup();
      lastGroup = group;
    }
    lastGroupCount++;
  }

  /** The file's size so far, after compression, including what the format writer still buffers. */
  long size() {
    return out.bytesWritten() + formatBuffered;
  }

  /** The records this file holds, by ledger group. */
  Map<RecordGroup, Long> groups() {
    flushGroup();
    return groups;
  }

  private void flushGroup() {
    if (lastGroup != null && lastGroupCount > 0) {
      groups.merge(lastGroup, lastGroupCount, Long::sum);
    }
    lastGroupCount = 0;
  }
}
