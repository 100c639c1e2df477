package dev.awsconnectors.destination.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.aws.RetryPolicy;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.runtime.DestinationWriter;
import dev.awsconnectors.commons.runtime.MessageOutput;
import dev.awsconnectors.commons.state.IncomingState;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClientFactory;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig;
import dev.awsconnectors.testkit.Messages;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Drives the destination in-process, as the runner does, and captures what it emits. */
final class WriteHarness implements AutoCloseable {
  final List<ObjectNode> states = new CopyOnWriteArrayList<>();
  final List<AirbyteMessage> messages = new CopyOnWriteArrayList<>();
  private final DestinationWriter writer;
  private int stateId;

  WriteHarness(KinesisDestination destination, KinesisDestinationConfig config, ConfiguredAirbyteCatalog catalog,
      Consumer<ObjectNode> onState) throws Exception {
    MessageOutput output = new MessageOutput() {
      @Override
      public void emit(AirbyteMessage message) {
        messages.add(message);
      }

      @Override
      public void emitState(ObjectNode state) {
        onState.accept(state);
        states.add(state);
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }
    };
    this.writer = destination.open(config, catalog, output);
  }

  static KinesisDestinationConfig config(String json) {
    ConfigReader reader = ConfigReader.of(ProtocolCodec.readTreeUnchecked(json));
    KinesisDestinationConfig c = new KinesisDestination().parseConfig(reader);
    reader.throwIfProblems();
    return c;
  }

  /** The same configuration with a fast retry policy (1 to 4 ms backoff), so fault tests do not wait. */
  static KinesisDestinationConfig fastRetries(KinesisDestinationConfig c, int attempts) {
    RetryPolicy fast = new RetryPolicy(attempts, Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofMillis(4));
    return new KinesisDestinationConfig(c.connection().withRetry(fast), c.naming(), c.creation(), c.payload(),
        c.partitionKey(), c.explicitHashKeyField(), c.oversizedRecords(), c.aggregation(), c.sending(),
        c.invalidPayloads());
  }

  static KinesisDestination destination(FakeKinesis fake) {
    KinesisStreamClientFactory factory = (config, concurrency) -> fake;
    return new KinesisDestination(factory);
  }

  static ConfiguredAirbyteCatalog catalog(String... namespaceAndStreams) throws Exception {
    ObjectNode[] streams = new ObjectNode[namespaceAndStreams.length / 2];
    for (int i = 0; i < streams.length; i++) {
      streams[i] = Messages.configuredStream(namespaceAndStreams[2 * i], namespaceAndStreams[2 * i + 1],
          Messages.json("{\"type\":\"object\"}"), "incremental", "append");
    }
    return ProtocolCodec.convert(Messages.catalog(streams), ConfiguredAirbyteCatalog.class);
  }

  void record(String namespace, String stream, JsonNode data) throws Exception {
    writer.acceptRecord(new AirbyteRecordMessage(namespace, stream, data, 1_700_000_000_000L));
  }

  /** A STREAM state with the platform's id; returns the id. */
  int streamState(String namespace, String stream) throws Exception {
    int id = ++stateId;
    ObjectNode raw = (ObjectNode) ProtocolCodec.readTreeUnchecked(Messages.streamState(namespace, stream,
        Messages.json("{\"cursor\":" + id + "}"), id)).get("state");
    writer.acceptState(new IncomingState(ProtocolCodec.convert(raw, AirbyteStateMessage.class), raw));
    return id;
  }

  /** Waits until {@code count} states were echoed (the loop runs on its own threads); fails after 60 s. */
  void awaitStates(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (states.size() < count) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(states.size() + " of " + count + " states echoed after 60 s");
      }
      Thread.sleep(1);
    }
  }

  void finish() throws Exception {
    writer.finish();
  }

  @Override
  public void close() throws Exception {
    writer.close();
  }
}
