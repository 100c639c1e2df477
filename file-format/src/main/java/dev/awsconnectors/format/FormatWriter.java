package dev.awsconnectors.format;

import java.io.IOException;

/**
 * Writes the records of one file into an {@code OutputStream} it does not own.
 *
 * <p>Lifecycle: {@link #write} any number of times, then {@link #finish()} exactly once, which writes what ends the
 * file (Avro blocks, the Parquet footer, the gzip trailer) and flushes the stream but never closes it. After a
 * failure the writer is simply dropped. Not thread-safe: one writer per file, used by one thread at a time; all
 * writes to the stream happen on that thread, in order.
 *
 * <p>Threads: a writer may compress blocks on threads of its own (gzip CSV/JSONL, compressed Avro; see
 * {@link FileFormats}). They start with the first full block and have ended when {@code finish()} returns or when a
 * call of the writer throws; a failure on one of them is thrown by the writer's next call. A writer dropped
 * unfinished for a failure elsewhere needs nothing either: its idle threads (daemons) end within seconds. So there
 * is nothing to close.
 */
public interface FormatWriter {

  /** Writes one record. A value that does not fit its declared type never fails: see {@link #coercedValues()}. */
  void write(OutputRecord record) throws IOException;

  /** Completes the file and flushes the stream; the writer cannot be used afterwards. */
  void finish() throws IOException;

  /**
   * Bytes held in memory and not yet written to the stream (a Parquet row group being built, an Avro block); the
   * destination counts them against its memory budget and file-size target.
   */
  long bufferedBytes();

  /**
   * How many values of this file so far did not fit their declared type and were coerced: nulled (the original kept
   * in {@code _airbyte_additional_properties}) or, in a string column, kept as their JSON text (docs/file-formats.md,
   * "Coercion"). Only Avro and Parquet coerce; CSV and JSONL write every value as it came and return 0. With the V2
   * columns each nulled value is also listed in the record's {@code _airbyte_meta.changes} as
   * {@code {field, NULLED, DESTINATION_TYPECAST_ERROR}}. Cumulative for the file: read it after {@link #finish()}
   * (or at any time, on the writing thread) and add the counts of a stream's files for the stream's total.
   */
  long coercedValues();
}
