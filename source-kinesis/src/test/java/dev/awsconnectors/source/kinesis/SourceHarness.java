package dev.awsconnectors.source.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.read.ReadTuning;
import dev.awsconnectors.source.kinesis.record.EnvelopeSchema;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import java.util.ArrayList;
import java.util.List;

/** Runs the source in-process against an emulator, the way the runner would, and collects what it emits. */
public final class SourceHarness {
  private SourceHarness() {}

  /**
   * A configuration for the emulator with static keys, reading {@code streams}, in the nested record layout (payload
   * under {@code data}, metadata without prefix) that the tests read records in.
   */
  public static ObjectNode config(KinesisMockExtension kinesis, String... streams) {
    ObjectNode config = Messages.object()
        .put("region", kinesis.region())
        .put("endpoint", kinesis.endpoint().toString())
        .put("access_key_id", kinesis.accessKey())
        .put("secret_access_key", kinesis.secretKey())
        .put("record_layout", "nested");
    ArrayNode names = config.putArray("streams");
    for (String s : streams) {
      names.add(s);
    }
    return config;
  }

  public static KinesisSourceConfig parse(KinesisSource source, JsonNode config) {
    List<String> schemaProblems = source.spec().validate(config);
    if (!schemaProblems.isEmpty()) {
      throw new AssertionError("Config does not match the spec: " + schemaProblems);
    }
    ConfigReader reader = ConfigReader.of(config);
    KinesisSourceConfig parsed = source.parseConfig(reader);
    reader.throwIfProblems();
    return parsed;
  }

  /** A configured catalog with each stream in {@code syncMode} ("incremental" or "full_refresh"). */
  public static ObjectNode catalog(String syncMode, String... streams) {
    ObjectNode catalog = Messages.catalog();
    for (String s : streams) {
      ObjectNode configured = Messages.configuredStream(null, s, EnvelopeSchema.of(true), syncMode, "append");
      if (syncMode.equals("incremental")) {
        configured.putArray("cursor_field").add("approximate_arrival_timestamp");
      }
      ((ArrayNode) catalog.get("streams")).add(configured);
    }
    return catalog;
  }

  public static CollectingOutput read(JsonNode config, JsonNode catalog, JsonNode stateArray) throws Exception {
    return read(new KinesisSource(), config, catalog, stateArray);
  }

  public static CollectingOutput read(KinesisSource source, JsonNode config, JsonNode catalog, JsonNode stateArray)
      throws Exception {
    CollectingOutput output = new CollectingOutput().withInput(stateArray);
    source.read(parse(source, config), ProtocolCodec.convert(catalog, ConfiguredAirbyteCatalog.class),
        states(stateArray), output);
    return output;
  }

  /** The source with shortened retry timings, for tests that provoke retries. */
  public static KinesisSource source(ReadTuning tuning) {
    return new KinesisSource(dev.awsconnectors.source.kinesis.aws.SdkShardReaderClient::open, tuning);
  }

  static List<AirbyteStateMessage> states(JsonNode stateArray) throws Exception {
    List<AirbyteStateMessage> states = new ArrayList<>();
    if (stateArray == null) {
      return states;
    }
    if (stateArray.isArray()) {
      for (JsonNode s : stateArray) {
        states.add(ProtocolCodec.convert(s, AirbyteStateMessage.class));
      }
    } else {
      states.add(new AirbyteStateMessage(dev.awsconnectors.commons.protocol.AirbyteStateType.LEGACY, null, null,
          stateArray, null, null, java.util.Map.of()));
    }
    return states;
  }
}
