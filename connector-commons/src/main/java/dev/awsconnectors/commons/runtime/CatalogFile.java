package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the {@code --catalog} file of {@code read} and {@code write}: a configured catalog, checked once. A discovered
 * catalog (what {@code discover} prints) is refused with how to turn it into a configured one.
 */
final class CatalogFile {
  private CatalogFile() {}

  static ConfiguredAirbyteCatalog read(Path file, UnknownValueWarnings warnings) {
    JsonNode node = InputFile.readJson(file, "catalog");
    refuseDiscoveredCatalog(file, node);
    ConfiguredAirbyteCatalog catalog;
    try {
      warnings.reading("The catalog file '" + file + "'", 0);
      catalog = ProtocolCodec.convert(node, ConfiguredAirbyteCatalog.class, warnings);
    } catch (JsonProcessingException e) {
      throw new ConfigErrorException("The catalog file '" + file + "' is not a valid configured catalog: "
          + e.getOriginalMessage() + " at " + e.getLocation(), e);
    }
    if (catalog.streams() == null) {
      throw new ConfigErrorException("The catalog file '" + file + "' has no 'streams' array.");
    }
    Set<StreamDescriptor> seen = new HashSet<>();
    for (int i = 0; i < catalog.streams().size(); i++) {
      ConfiguredAirbyteStream s = catalog.streams().get(i);
      String where = "The catalog file '" + file + "': streams[" + i + "]";
      if (s == null || s.stream() == null || s.stream().name() == null || s.stream().name().isEmpty()) {
        throw new ConfigErrorException(where + " has no stream name.");
      }
      if (s.syncMode() == null || s.destinationSyncMode() == null) {
        throw new ConfigErrorException(where + " ('" + s.stream().name()
            + "') needs both sync_mode and destination_sync_mode.");
      }
      if (!seen.add(s.descriptor().key())) {
        throw new ConfigErrorException(where + " repeats the stream '" + s.descriptor() + "'.");
      }
    }
    return catalog;
  }

  /**
   * A discovered catalog lists streams as {@code {"name", "json_schema", ...}}; a configured one wraps each as
   * {@code {"stream": {...}, "sync_mode", "destination_sync_mode"}}. The whole CATALOG message is a discovered one too.
   */
  private static void refuseDiscoveredCatalog(Path file, JsonNode node) {
    boolean message = "CATALOG".equals(node.path("type").asText()) && node.path("catalog").isObject();
    JsonNode streams = (message ? node.path("catalog") : node).path("streams");
    boolean discovered = streams.isArray() && !streams.isEmpty();
    for (JsonNode s : streams) {
      discovered &= s.isObject() && !s.has("stream") && s.has("name");
    }
    if (!message && !discovered) {
      return;
    }
    boolean incremental = false;
    for (JsonNode mode : streams.path(0).path("supported_sync_modes")) {
      incremental |= "incremental".equals(mode.asText());
    }
    String syncMode = incremental ? "incremental" : "full_refresh";
    throw new ConfigErrorException("The catalog file '" + file + "' holds a discovered catalog (what the discover "
        + "command prints), not a configured catalog: its streams have no sync_mode and destination_sync_mode. Make a "
        + "configured catalog by wrapping each stream you want as {\"stream\": <the stream>, \"sync_mode\": \""
        + syncMode + "\", \"destination_sync_mode\": \"append\"}, for example with jq: jq '{streams: ["
        + (message ? ".catalog" : "") + ".streams[] | {stream: ., sync_mode: \"" + syncMode + "\", "
        + "destination_sync_mode: \"append\"}]}' " + file + " > configured_catalog.json");
  }
}
