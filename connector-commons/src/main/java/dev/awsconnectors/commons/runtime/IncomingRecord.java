package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A RECORD read from stdin, whose {@code data} object is kept as the UTF-8 bytes of its JSON text and turned into a
 * tree only when asked for: a destination that sends the data as it is (or wrapped in an envelope) never pays for a
 * tree. From the fast path ({@link RecordLineParser}) the bytes are the object exactly as the source wrote it (member
 * order, escapes and number spellings kept), without insignificant whitespace; from a line read in full (one of an
 * unusual shape: unknown members, for one) they are the codec's spelling of the same value.
 *
 * <p>Not thread-safe: the tree and the message are computed on first use and cached; use a record on the thread
 * that received it, or hand over only what was taken from it.
 */
public final class IncomingRecord {
  private final String namespace;
  private final String stream;
  private final Long emittedAt;
  private final AirbyteRecordMessageMeta meta;
  private byte[] dataBytes;
  private JsonNode data;
  private AirbyteRecordMessage message;
  private StreamDescriptor descriptor;

  private IncomingRecord(String namespace, String stream, Long emittedAt, AirbyteRecordMessageMeta meta,
      byte[] dataBytes, JsonNode data, AirbyteRecordMessage message) {
    this(null, namespace, stream, emittedAt, meta, dataBytes, data, message);
  }

  private IncomingRecord(StreamDescriptor descriptor, String namespace, String stream, Long emittedAt,
      AirbyteRecordMessageMeta meta, byte[] dataBytes, JsonNode data, AirbyteRecordMessage message) {
    this.descriptor = descriptor;
    this.namespace = namespace;
    this.stream = stream;
    this.emittedAt = emittedAt;
    this.meta = meta;
    this.dataBytes = dataBytes;
    this.data = data;
    this.message = message;
  }

  /**
   * A record whose data is the JSON object in {@code dataBytes}: compact UTF-8, already checked to be an object (the
   * runner checks what it reads; anything else is for tests).
   */
  public static IncomingRecord ofBytes(String namespace, String stream, Long emittedAt, AirbyteRecordMessageMeta meta,
      byte[] dataBytes) {
    return new IncomingRecord(namespace, stream, emittedAt, meta, dataBytes, null, null);
  }

  /**
   * As {@link #ofBytes(String, String, Long, AirbyteRecordMessageMeta, byte[])}, with the stream's descriptor (name
   * and namespace only) given: the fast path hands the same descriptor to a run of records of one stream, which
   * lookups by stream then recognise by reference.
   */
  static IncomingRecord ofBytes(StreamDescriptor stream, Long emittedAt, byte[] dataBytes) {
    return new IncomingRecord(stream, stream.namespace(), stream.name(), emittedAt, null, dataBytes, null, null);
  }

  /** The record of a parsed message (its {@code data} an object); for tests and messages read in full. */
  public static IncomingRecord of(AirbyteRecordMessage message) {
    return new IncomingRecord(message.namespace(), message.stream(), message.emittedAt(), message.meta(), null,
        message.data(), message);
  }

  public String namespace() {
    return namespace;
  }

  public String stream() {
    return stream;
  }

  /** Its stream, equal to the catalog's descriptors (name and namespace only). */
  public StreamDescriptor streamDescriptor() {
    if (descriptor == null) {
      descriptor = new StreamDescriptor(stream, namespace);
    }
    return descriptor;
  }

  /** Epoch milliseconds; null if the source sent none. */
  public Long emittedAt() {
    return emittedAt;
  }

  /** May be null. */
  public AirbyteRecordMessageMeta meta() {
    return meta;
  }

  /**
   * The data object as compact UTF-8 JSON. The array is this record's own: do not modify it; it may be kept (as the
   * payload to send, for example) after the record is dropped.
   */
  public byte[] dataBytes() {
    if (dataBytes == null) {
      try {
        dataBytes = ProtocolCodec.mapper().writeValueAsBytes(data);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dataBytes;
  }

  /** The data object as a tree (parsed on first use, with the codec's exact numbers). */
  public JsonNode data() {
    if (data == null) {
      try {
        data = ProtocolCodec.mapper().readTree(dataBytes);
      } catch (java.io.IOException e) {
        throw new UncheckedIOException(e); // checked when it was read: cannot happen
      }
    }
    return data;
  }

  /** The record as a protocol message, for writers that take one. */
  public AirbyteRecordMessage message() {
    if (message == null) {
      message = new AirbyteRecordMessage(namespace, stream, data(), emittedAt, meta, null, Map.of());
    }
    return message;
  }
}
