package dev.awsconnectors.destination.s3.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage.AirbyteStreamStatus;
import dev.awsconnectors.commons.protocol.AirbyteTraceMessage;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.DestinationWriter;
import dev.awsconnectors.commons.state.IncomingState;
import dev.awsconnectors.destination.s3.S3Destination;
import dev.awsconnectors.destination.s3.storage.S3ObjectStore;
import dev.awsconnectors.format.FileFormats;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Runs a write in this JVM with the real formats and the real S3 adapter, as the runner would. */
public final class InProcessSync implements AutoCloseable {
  private final CollectingOutput output;
  private final DestinationWriter writer;

  public InProcessSync(ObjectNode config, List<ConfiguredAirbyteStream> streams, Clock clock) {
    output = new CollectingOutput(clock);
    S3Destination destination = new S3Destination(FileFormats::factory, S3ObjectStore::open, clock, Map.of(),
        Runtime.getRuntime().maxMemory(), false);
    writer = destination.open(TestConfigs.parse(config), new ConfiguredAirbyteCatalog(streams), output);
  }

  public InProcessSync(ObjectNode config, List<ConfiguredAirbyteStream> streams) {
    this(config, streams, Clock.systemUTC());
  }

  public InProcessSync record(String namespace, String stream, JsonNode data) throws Exception {
    writer.acceptRecord(new AirbyteRecordMessage(namespace, stream, data, 1_700_000_000_000L));
    return this;
  }

  public InProcessSync state(ObjectNode raw) throws Exception {
    writer.acceptState(new IncomingState(TestConfigs.convert(raw, AirbyteStateMessage.class), raw));
    return this;
  }

  public InProcessSync complete(String namespace, String stream) throws Exception {
    writer.acceptTrace(AirbyteTraceMessage.of(0, new AirbyteStreamStatusTraceMessage(
        new StreamDescriptor(stream, namespace), AirbyteStreamStatus.COMPLETE)));
    return this;
  }

  /** Ends the input normally and closes; returns the echoed states. */
  public List<ObjectNode> finish() throws Exception {
    try {
      writer.finish();
    } finally {
      writer.close();
    }
    return output.states();
  }

  public DestinationWriter writer() {
    return writer;
  }

  @Override
  public void close() throws Exception {
    writer.close();
  }

  /** A configured stream for tests. */
  public static ConfiguredAirbyteStream stream(String namespace, String name, JsonNode schema, String mode,
      Long generation, Long minimumGeneration) {
    ObjectNode json = TestConfigs.json("{\"sync_mode\":\"full_refresh\"}");
    ObjectNode s = json.putObject("stream").put("name", name);
    if (namespace != null) {
      s.put("namespace", namespace);
    }
    s.set("json_schema", schema);
    s.putArray("supported_sync_modes").add("full_refresh").add("incremental");
    json.put("destination_sync_mode", mode);
    if (generation != null) {
      json.put("generation_id", generation).put("minimum_generation_id", minimumGeneration).put("sync_id", 77);
    }
    return TestConfigs.convert(json, ConfiguredAirbyteStream.class);
  }
}
