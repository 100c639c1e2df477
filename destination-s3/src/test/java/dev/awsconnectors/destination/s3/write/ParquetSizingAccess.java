package dev.awsconnectors.destination.s3.write;

import com.fasterxml.jackson.databind.JsonNode;

/** Opens {@link ParquetSizing#leafColumns} to tests in other packages. */
public final class ParquetSizingAccess {
  private ParquetSizingAccess() {}

  public static int leafColumns(JsonNode schema) {
    return ParquetSizing.leafColumns(schema);
  }
}
