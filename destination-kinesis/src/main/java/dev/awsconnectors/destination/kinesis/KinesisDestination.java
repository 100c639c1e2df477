package dev.awsconnectors.destination.kinesis;

import dev.awsconnectors.commons.aws.AwsConnection;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.ConnectorSpec;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.DestinationSyncMode;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.Destination;
import dev.awsconnectors.commons.runtime.DestinationWriter;
import dev.awsconnectors.commons.runtime.MessageOutput;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.batch.PutRecordsBatcher;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient.Status;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient.StreamSummary;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClientFactory;
import dev.awsconnectors.destination.kinesis.client.SdkKinesisStreamClient;
import dev.awsconnectors.destination.kinesis.config.KinesisConfigParser;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig;
import dev.awsconnectors.destination.kinesis.envelope.RecordEncoder;
import dev.awsconnectors.destination.kinesis.envelope.StreamNames;
import dev.awsconnectors.destination.kinesis.send.SendLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Airbyte destination writing records to Amazon Kinesis Data Streams with PutRecords. */
public final class KinesisDestination implements Destination<KinesisDestinationConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisDestination.class);

  private final KinesisStreamClientFactory clients;

  public KinesisDestination() {
    this(SdkKinesisStreamClient::create);
  }

  /** @param clients builds the Kinesis client of each check and write (tests pass fakes) */
  public KinesisDestination(KinesisStreamClientFactory clients) {
    this.clients = clients;
  }

  @Override
  public ConnectorSpec spec() {
    return ConnectorSpec.load(KinesisDestination.class);
  }

  @Override
  public KinesisDestinationConfig parseConfig(ConfigReader config) {
    return KinesisConfigParser.parse(config);
  }

  /**
   * Verifies credentials and read permissions without creating, writing or deleting anything: DescribeStreamSummary
   * (and ListShards when aggregating) on the target stream, or ListStreams when stream names come from the catalog.
   * Its calls are retried by the policy bounded for a check, so that it answers within seconds.
   */
  @Override
  public AirbyteConnectionStatus check(KinesisDestinationConfig config) {
    AwsConnection connection = config.connection().withRetry(config.connection().retry().forCheck());
    try (KinesisStreamClient client = clients.create(connection, 1)) {
      Optional<String> target = config.naming().targetStream();
      if (target.isEmpty()) {
        List<String> some = client.listStreams(1);
        LOG.info("Credentials accepted: ListStreams answered ({} stream(s) shown)", some.size());
        return AirbyteConnectionStatus.succeeded();
      }
      Optional<StreamSummary> summary = client.describe(target.get());
      if (summary.isEmpty()) {
        if (!config.creation().createMissing()) {
          return AirbyteConnectionStatus.failed("The Kinesis stream '" + target.get() + "' does not exist and "
              + "'create_streams' is false. Create it, or allow the connector to create it.");
        }
        LOG.warn("The Kinesis stream '{}' does not exist yet; the first sync creates it (needs kinesis:CreateStream)",
            target.get());
        return AirbyteConnectionStatus.succeeded();
      }
      if (summary.get().status() == Status.DELETING) {
        return AirbyteConnectionStatus.failed("The Kinesis stream '" + target.get() + "' is being deleted.");
      }
      if (config.aggregation().enabled()) {
        client.listShards(target.get());
      }
      return AirbyteConnectionStatus.succeeded();
    } catch (ConnectorException e) {
      return AirbyteConnectionStatus.failed(e.getMessage());
    }
  }

  @Override
  public DestinationWriter open(KinesisDestinationConfig config, ConfiguredAirbyteCatalog catalog,
      MessageOutput output) throws Exception {
    List<StreamDescriptor> streams = new ArrayList<>();
    for (ConfiguredAirbyteStream s : catalog.streams()) {
      streams.add(s.descriptor().key());
      warnAboutSyncMode(s);
    }
    Map<StreamDescriptor, String> targets = StreamNames.resolve(streams, config.naming().targetStream(),
        config.naming().prefix());
    KinesisStreamClient client = clients.create(config.connection(), config.sending().maxConcurrentRequests());
    try {
      StreamProvisioner provisioner = new StreamProvisioner(client, config.creation());
      Map<String, Integer> maxRecordBytes = new HashMap<>();
      Map<String, ShardMap> shardMaps = new LinkedHashMap<>();
      int smallestLimit = Integer.MAX_VALUE;
      for (String stream : StreamNames.distinct(targets)) {
        int limit = provisioner.prepare(stream);
        maxRecordBytes.put(stream, limit);
        smallestLimit = Math.min(smallestLimit, limit);
        if (config.aggregation().enabled()) {
          shardMaps.put(stream, client.listShards(stream));
        }
      }
      LOG.info("Writing {} catalog stream(s) to {} Kinesis stream(s){}", streams.size(), maxRecordBytes.size(),
          config.aggregation().enabled() ? " with KPL aggregation" : "");
      KinesisDestinationConfig.Aggregation aggregation = config.aggregation();
      if (aggregation.enabled() && aggregation.maxBytes() > smallestLimit) {
        aggregation = new KinesisDestinationConfig.Aggregation(true, smallestLimit, aggregation.shardMapRefresh());
      }
      StateLedger ledger = new StateLedger(output::emitState);
      long requestBytes = PutRecordsBatcher.requestBytesFor(smallestLimit == Integer.MAX_VALUE ? 0 : smallestLimit);
      // Keys that never repeat have no per-key order to keep: the lane skips its gate (a map entry per record).
      // Aggregates keep it: their key is the shard.
      KinesisDestinationConfig.Sending sending = config.partitionKey().keysNeverRepeat() && !aggregation.enabled()
          ? config.sending().withoutKeyOrder() : config.sending();
      SendLoop loop = new SendLoop(client, sending, aggregation, shardMaps, requestBytes,
          config.connection().retry(), ledger, output.clock(), System::nanoTime,
          () -> ThreadLocalRandom.current().nextDouble());
      loop.start();
      RecordEncoder encoder = RecordEncoder.of(config, catalog);
      return new KinesisWriter(targets, maxRecordBytes, encoder, config.oversizedRecords(), ledger, loop, client,
          output.clock());
    } catch (Exception | Error e) {
      client.close();
      throw e;
    }
  }

  private static void warnAboutSyncMode(ConfiguredAirbyteStream s) {
    DestinationSyncMode mode = s.destinationSyncMode();
    if (mode != DestinationSyncMode.APPEND) {
      LOG.warn("Stream '{}' asks for destination sync mode '{}'; a Kinesis stream cannot be truncated or "
          + "deduplicated, so records are appended.", s.descriptor(), mode.name().toLowerCase(java.util.Locale.ROOT));
    } else if (s.minimumGenerationId() != null && s.generationId() != null && s.minimumGenerationId() > 0
        && s.minimumGenerationId().equals(s.generationId())) {
      LOG.warn("Stream '{}' asks to drop data of earlier generations (a refresh); a Kinesis stream cannot be "
          + "truncated, so earlier records stay until they expire.", s.descriptor());
    }
  }
}
