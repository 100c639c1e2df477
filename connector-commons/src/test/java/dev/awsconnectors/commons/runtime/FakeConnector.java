package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.ConnectorSpec;
import dev.awsconnectors.commons.config.Secret;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.protocol.AirbyteCatalog;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStream;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.SyncMode;
import dev.awsconnectors.commons.state.IncomingState;
import dev.awsconnectors.commons.state.StateLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A source and destination in one, for testing the runner: records are "stored" in memory. */
public final class FakeConnector implements Source<FakeConnector.Config>, Destination<FakeConnector.Config> {
  private static final Logger LOG = LoggerFactory.getLogger(FakeConnector.class);
  final List<AirbyteRecordMessage> stored = new ArrayList<>();
  /** The writer's lifecycle calls after the accept* calls, in order. */
  final List<String> writerCalls = new ArrayList<>();
  /** The number of records stored each time the runner said the input was drained. */
  final List<Integer> drainedAfter = new ArrayList<>();
  List<AirbyteStateMessage> lastInputState = List.of();

  public record Config(String region, int count, Optional<Secret> secret, String failWith, boolean logSecret) {}

  @Override
  public ConnectorSpec spec() {
    return ConnectorSpec.load(FakeConnector.class);
  }

  @Override
  public Config parseConfig(ConfigReader config) {
    String region = config.requiredString("region");
    if (region.equals("nowhere")) {
      config.problem("region", "is not a region");
    }
    return new Config(region, config.integer("count", 1), config.secret("secret_access_key"),
        config.string("fail_with", "none"), config.bool("log_secret", false));
  }

  @Override
  public AirbyteConnectionStatus check(Config config) {
    if (config.logSecret()) {
      LOG.warn("checking with secret {}", config.secret().map(Secret::reveal).orElse(""));
    }
    switch (config.failWith()) {
      case "config" -> throw new ConfigErrorException("bad credentials " + config.secret().map(Secret::reveal)
          .orElse(""));
      case "crash" -> throw new IllegalStateException("boom " + config.secret().map(Secret::reveal).orElse(""));
      case "status" -> {
        return AirbyteConnectionStatus.failed("The things cannot be reached.");
      }
      default -> {
        return AirbyteConnectionStatus.succeeded();
      }
    }
  }

  @Override
  public AirbyteCatalog discover(Config config) {
    return new AirbyteCatalog(List.of(new AirbyteStream("things", ProtocolCodec.readTreeUnchecked("{\"type\":\"object\"}"),
        List.of(SyncMode.FULL_REFRESH), null, null, null, null, null, null, Map.of())));
  }

  @Override
  public void read(Config config, ConfiguredAirbyteCatalog catalog, List<AirbyteStateMessage> state,
      MessageOutput output) {
    lastInputState = state;
    for (int i = 0; i < config.count(); i++) {
      ObjectNode data = ProtocolCodec.mapper().createObjectNode().put("i", i);
      output.record(new AirbyteRecordMessage(null, "things", data, output.clock().millis()));
    }
  }

  @Override
  public DestinationWriter open(Config config, ConfiguredAirbyteCatalog catalog, MessageOutput output) {
    StateLedger ledger = new StateLedger(output::emitState);
    return new DestinationWriter() {
      @Override
      public void acceptRecord(AirbyteRecordMessage record) {
        if (config.failWith().equals("transient")) {
          throw new TransientErrorException("throttled");
        }
        StateLedger.RecordGroup group = ledger.recordAccepted(record.streamDescriptor());
        stored.add(record);
        ledger.acknowledge(group, 1);
      }

      @Override
      public void acceptState(IncomingState state) {
        ledger.stateAccepted(state);
      }

      @Override
      public void inputDrained() {
        drainedAfter.add(stored.size());
      }

      @Override
      public void finish() {
        writerCalls.add("finish");
      }

      @Override
      public void flushBeforeFailure() {
        writerCalls.add("flushBeforeFailure");
      }

      @Override
      public void close() {
        writerCalls.add("close");
      }
    };
  }
}
