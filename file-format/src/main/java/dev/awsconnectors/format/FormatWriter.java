package dev.awsconnectors.format;

import java.io.IOException;

/**
 * Writes the records of one file into an {@code OutputStream} it does not own.
 *
 * <p>Lifecycle: {@link #write} any number of times, then {@link #finish()} exactly once, which writes what ends the
 * file (Avro blocks, the Parquet footer, the gzip trailer) and flushes the stream but never closes it. After a
 * failure the writer is simply dropped. Not thread-safe: one writer per file, used by one thread at a time.
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

  /** Values so far that did not fit their declared type and were kept in the documented fallback form. */
  long coercedValues();
}
