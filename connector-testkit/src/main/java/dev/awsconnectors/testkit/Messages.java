package dev.awsconnectors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;

/** Builders for the JSON that protocol tests feed to connectors. */
public final class Messages {
  private Messages() {}

  public static ObjectNode json(String text) {
    return (ObjectNode) ProtocolCodec.readTreeUnchecked(text);
  }

  public static ObjectNode object() {
    return ProtocolCodec.mapper().createObjectNode();
  }

  /** A RECORD message line. */
  public static String record(String namespace, String stream, JsonNode data, long emittedAt) {
    ObjectNode record = object().put("stream", stream);
    if (namespace != null) {
      record.put("namespace", namespace);
    }
    record.set("data", data);
    record.put("emitted_at", emittedAt);
    ObjectNode message = object().put("type", "RECORD");
    message.set("record", record);
    return ProtocolCodec.serialize(message);
  }

  /** A STREAM STATE message line with the platform's {@code id}. */
  public static String streamState(String namespace, String stream, JsonNode streamState, int id) {
    ObjectNode descriptor = object().put("name", stream);
    if (namespace != null) {
      descriptor.put("namespace", namespace);
    }
    ObjectNode state = object().put("type", "STREAM");
    state.putObject("stream").<ObjectNode>set("stream_descriptor", descriptor).set("stream_state", streamState);
    state.put("id", id);
    ObjectNode message = object().put("type", "STATE");
    message.set("state", state);
    return ProtocolCodec.serialize(message);
  }

  /** A STREAM_STATUS trace line, as the platform sends COMPLETE to destinations at the end. */
  public static String streamStatus(String namespace, String stream, String status) {
    ObjectNode descriptor = object().put("name", stream);
    if (namespace != null) {
      descriptor.put("namespace", namespace);
    }
    ObjectNode trace = object().put("type", "STREAM_STATUS").put("emitted_at", System.currentTimeMillis());
    trace.putObject("stream_status").put("status", status).set("stream_descriptor", descriptor);
    ObjectNode message = object().put("type", "TRACE");
    message.set("trace", trace);
    return ProtocolCodec.serialize(message);
  }

  /** A configured stream; add it to {@link #catalog}. */
  public static ObjectNode configuredStream(String namespace, String stream, JsonNode jsonSchema, String syncMode,
      String destinationSyncMode) {
    ObjectNode s = object().put("name", stream);
    if (namespace != null) {
      s.put("namespace", namespace);
    }
    s.set("json_schema", jsonSchema);
    s.putArray("supported_sync_modes").add("full_refresh").add("incremental");
    ObjectNode configured = object();
    configured.set("stream", s);
    configured.put("sync_mode", syncMode).put("destination_sync_mode", destinationSyncMode);
    return configured;
  }

  public static ObjectNode catalog(ObjectNode... streams) {
    ObjectNode catalog = object();
    ArrayNode array = catalog.putArray("streams");
    for (ObjectNode s : streams) {
      array.add(s);
    }
    return catalog;
  }
}
