package dev.awsconnectors.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The connectors of this repository, with what the cross-connector tests need to know about each. */
enum Connectors {
  DESTINATION_KINESIS("destination-kinesis", true),
  DESTINATION_S3("destination-s3", true),
  SOURCE_KINESIS("source-kinesis", false);

  /** Put into every secret field of a fixture; it must never appear in any output. */
  static final String SECRET = "Zq9sEcReT-do-not-print-7f3b1c";

  final String module;
  final boolean destination;

  Connectors(String module, boolean destination) {
    this.module = module;
    this.destination = destination;
  }

  ConnectorProcess process() {
    return ConnectorProcess.ofModule(module);
  }

  /**
   * A configuration that passes the spec's validation and points at an endpoint where nothing listens, with
   * {@link #SECRET} in every secret field ({@code fixtures/<module>.json}).
   */
  ObjectNode unreachableConfig() {
    try (InputStream in = Connectors.class.getResourceAsStream("/fixtures/" + module + ".json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${SECRET}", SECRET);
      return (ObjectNode) ProtocolCodec.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A configuration that lacks a field the connector needs, and that field as error messages name it. */
  record Incomplete(ObjectNode config, String field) {}

  /** Drops a required field, or chooses an option that requires one, of {@link #unreachableConfig()}. */
  Incomplete incomplete() {
    ObjectNode config = unreachableConfig();
    return switch (this) {
      case DESTINATION_KINESIS -> {
        config.putObject("partition_key").put("mode", "fields");
        yield new Incomplete(config, "partition_key.fields");
      }
      case DESTINATION_S3 -> {
        config.remove("s3_bucket_name");
        yield new Incomplete(config, "s3_bucket_name");
      }
      case SOURCE_KINESIS -> {
        config.put("start_position", "AT_TIMESTAMP");
        yield new Incomplete(config, "start_timestamp");
      }
    };
  }

  /** A one-stream configured catalog for read or write. */
  JsonNode catalog() {
    return ProtocolCodec.readTreeUnchecked("{\"streams\":[{\"stream\":{\"name\":\"protocol_test\",\"json_schema\":"
        + "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}},\"supported_sync_modes\":"
        + "[\"full_refresh\",\"incremental\"],\"source_defined_cursor\":true,\"default_cursor_field\":[\"x\"]},"
        + "\"sync_mode\":\"" + (destination ? "full_refresh" : "incremental") + "\",\"destination_sync_mode\":"
        + "\"append\"}]}");
  }

  /** The command that runs a sync: write for destinations, read for the source. */
  List<String> syncCommand() {
    return destination ? List.of("write", "--config", "{config}", "--catalog", "{catalog}")
        : List.of("read", "--config", "{config}", "--catalog", "{catalog}");
  }
}
