package dev.awsconnectors.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import dev.awsconnectors.commons.runtime.IncomingRecord;
import java.util.Objects;
import java.util.UUID;

/**
 * One record as it goes into a file. Its data is a tree, or a record of stdin ({@link IncomingRecord}) that gives
 * the tree or the compact JSON text of the object as the source sent it, each made only when a format asks for it.
 * JSONL and CSV without flattening take the text and copy it, so a record is never parsed into a tree only to be
 * written out again; the other formats take the tree.
 *
 * <p>Not thread-safe: an incoming record computes and keeps what it gives; use a record on one thread at a time.
 */
public final class OutputRecord {
  private final UUID rawId;
  private final long emittedAt;
  private final AirbyteRecordMessageMeta meta;
  private final JsonNode data;
  private final IncomingRecord incoming;

  /**
   * @param rawId the record's id ({@code _airbyte_ab_id} / {@code _airbyte_raw_id}), a random UUID v4
   * @param emittedAt the source's {@code emitted_at}, epoch milliseconds
   * @param data the record's data object
   * @param meta the upstream changes to pass through; may be null
   */
  public OutputRecord(UUID rawId, long emittedAt, JsonNode data, AirbyteRecordMessageMeta meta) {
    this(rawId, emittedAt, meta, data, null);
  }

  private OutputRecord(UUID rawId, long emittedAt, AirbyteRecordMessageMeta meta, JsonNode data,
      IncomingRecord incoming) {
    this.rawId = rawId;
    this.emittedAt = emittedAt;
    this.meta = meta;
    this.data = data;
    this.incoming = incoming;
  }

  /** A record of stdin, its data taken as a tree or as text by the format that writes it; its meta passes through. */
  public static OutputRecord of(UUID rawId, long emittedAt, IncomingRecord incoming) {
    return new OutputRecord(rawId, emittedAt, incoming.meta(), null, Objects.requireNonNull(incoming));
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
    return incoming != null ? incoming.data() : data;
  }

  /**
   * The data object as compact UTF-8 JSON text for a record of stdin ({@link #of}); null for one made from a tree
   * (write {@link #data()}). Not to be modified.
   */
  public byte[] dataJson() {
    return incoming != null ? incoming.dataBytes() : null;
  }

  /** The upstream changes to pass through; may be null. */
  public AirbyteRecordMessageMeta meta() {
    return meta;
  }
}
