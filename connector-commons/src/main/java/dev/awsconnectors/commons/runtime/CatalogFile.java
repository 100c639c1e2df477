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

/** Reads the {@code --catalog} file of {@code read} and {@code write}: a configured catalog, checked once. */
final class CatalogFile {
  private CatalogFile() {}

  static ConfiguredAirbyteCatalog read(Path file, UnknownValueWarnings warnings) {
    JsonNode node = InputFile.readJson(file, "catalog");
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
}
