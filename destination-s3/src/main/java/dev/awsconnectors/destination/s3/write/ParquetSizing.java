package dev.awsconnectors.destination.s3.write;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.format.FileFormat;
import java.util.List;

/**
 * Fits Parquet's buffers into the memory budget when many files are open. Each open Parquet file holds a row group
 * ({@code block_size_mb}) and, per column, a page being built and a dictionary ({@code page_size_kb},
 * {@code dictionary_page_size_kb}). With one file per stream open at once, half the budget is shared by the streams'
 * row groups and a quarter by their column buffers, half of it for pages and half for dictionaries, which take about
 * {@value #DICTIONARY_HEAP_FACTOR} times their encoded size in the heap (an object per distinct value). The options
 * are lowered (never raised) to fit, and padding is kept in proportion to the row group. Smaller dictionaries also
 * make columns of mostly distinct values fall back to plain encoding sooner, which many open files need: their
 * dictionaries were most of the heap and of the CPU of 20 interleaved Parquet streams.
 */
public final class ParquetSizing {
  private static final long MIB = 1024 * 1024;
  /** _airbyte_ab_id/_airbyte_emitted_at or the four v2 columns, plus the additional-properties column. */
  private static final int AIRBYTE_COLUMNS = 5;
  /** Heap bytes per encoded dictionary byte: a Binary, its ByteBuffer and array, and the hash map's slots. */
  static final int DICTIONARY_HEAP_FACTOR = 6;
  private static final int MIN_PAGE_KB = 64;
  private static final int MIN_DICTIONARY_KB = 16;

  private ParquetSizing() {}

  /**
   * @param budgetBytes the memory budget
   * @param schemas the JSON schemas of the streams written (one open file each, at least)
   */
  public static FileFormat.Parquet fit(FileFormat.Parquet parquet, long budgetBytes, List<JsonNode> schemas) {
    int streams = Math.max(1, schemas.size());
    long perStream = budgetBytes / streams;
    int blockMb = (int) Math.max(1, Math.min(parquet.blockSizeMb(), perStream / 2 / MIB));
    int paddingMb = (int) ((long) parquet.maxPaddingSizeMb() * blockMb / parquet.blockSizeMb());
    int columns = AIRBYTE_COLUMNS + schemas.stream().mapToInt(ParquetSizing::leafColumns).max().orElse(1);
    long perColumn = perStream / 4 / columns / 2;
    int pageKb = (int) Math.min(parquet.pageSizeKb(), Math.max(MIN_PAGE_KB, perColumn / 1024));
    int dictionaryKb = (int) Math.min(parquet.dictionaryPageSizeKb(), Math.max(MIN_DICTIONARY_KB,
        perColumn / DICTIONARY_HEAP_FACTOR / 1024));
    return new FileFormat.Parquet(parquet.codec(), blockMb, paddingMb, pageKb, dictionaryKb,
        parquet.dictionaryEncoding());
  }

  /** The number of leaf columns a JSON schema becomes (objects contribute their properties, recursively). */
  static int leafColumns(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      return 1;
    }
    JsonNode properties = schema.get("properties");
    if (properties != null && properties.isObject() && properties.size() > 0) {
      int sum = 0;
      for (JsonNode property : properties) {
        sum += leafColumns(property);
      }
      return sum;
    }
    JsonNode items = schema.get("items");
    if (items != null && items.isObject()) {
      return leafColumns(items);
    }
    return 1;
  }
}
