package dev.awsconnectors.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One record as it goes into a file. Its data is a tree, or two views of a record read from stdin: the tree and the
 * compact UTF-8 JSON text of the object as the source sent it, each made only if a format asks for it. JSONL without
 * flattening takes the text and copies it, so a record is never parsed into a tree only to be written out again;
 * the other formats take the tree.
 *
 * <p>Not thread-safe: the views may compute and keep what they give; use a record on one thread at a time.
 */
public final class OutputRecord {
  private final UUID rawId;
  private final long emittedAt;
  private final AirbyteRecordMessageMeta meta;
  private final JsonNode data;
  private final Supplier<JsonNode> tree;
  private final Supplier<byte[]> json;

  /**
   * @param rawId the record's id ({@code _airbyte_ab_id} / {@code _airbyte_raw_id}), a random UUID v4
   * @param emittedAt the source's {@code emitted_at}, epoch milliseconds
   * @param data the record's data object
   * @param meta the upstream changes to pass through; may be null
   */
  public OutputRecord(UUID rawId, long emittedAt, JsonNode data, AirbyteRecordMessageMeta meta) {
    this(rawId, emittedAt, meta, data, null, null);
  }

  private OutputRecord(UUID rawId, long emittedAt, AirbyteRecordMessageMeta meta, JsonNode data,
      Supplier<JsonNode> tree, Supplier<byte[]> json) {
    this.rawId = rawId;
    this.emittedAt = emittedAt;
    this.meta = meta;
    this.data = data;
    this.tree = tree;
    this.json = json;
  }

  /**
   * A record whose data object a format takes as a tree ({@code tree}) or as compact UTF-8 JSON text without
   * whitespace between tokens ({@code json}); each view is asked for only by a format that needs it, and should
   * keep what it computed (a record of stdin parses or serializes at most once).
   */
  public static OutputRecord ofViews(UUID rawId, long emittedAt, Supplier<JsonNode> tree, Supplier<byte[]> json,
      AirbyteRecordMessageMeta meta) {
    return new OutputRecord(rawId, emittedAt, meta, null, Objects.requireNonNull(tree), Objects.requireNonNull(json));
  }

  /** The record's id ({@code _airbyte_ab_id} / {@code _airbyte_raw_id}), a random UUID v4. */
  public UUID rawId() {
    return rawId;
  }

  /** The source's {@code emitted_at}, epoch milliseconds. */
  public long emittedAt() {
    return emittedAt;
  }

  /** The record's data object as a tree. */
  public JsonNode data() {
    return tree != null ? tree.get() : data;
  }

  /**
   * The data object as compact UTF-8 JSON text for a record made with {@link #ofViews}; null for one made from a
   * tree (write {@link #data()}). Not to be modified.
   */
  public byte[] dataJson() {
    return json != null ? json.get() : null;
  }

  /** The upstream changes to pass through; may be null. */
  public AirbyteRecordMessageMeta meta() {
    return meta;
  }
}
