package dev.awsconnectors.format;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Makes the writers of one stream's files, for one format. Created once per stream per sync, after the stream's
 * schema was converted (a schema that cannot be converted fails here, before any file is written).
 */
public interface FormatWriterFactory {

  /** Starts a new file whose bytes go to {@code out}; the caller owns and closes {@code out}. */
  FormatWriter open(OutputStream out) throws IOException;

  /** The file name extension, for example {@code .csv.gz}. */
  String extension();

  /**
   * Whether its writers take a record's data as JSON text ({@link OutputRecord#dataJson()}) whenever the record
   * offers it, never asking for the tree (JSONL and CSV without flattening): a destination can then keep records as
   * text.
   */
  default boolean takesDataAsJson() {
    return false;
  }
}
