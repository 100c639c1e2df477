package dev.awsconnectors.source.kinesis;

import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.ConnectorSpec;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.protocol.AirbyteCatalog;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStream;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.SyncMode;
import dev.awsconnectors.commons.runtime.MessageOutput;
import dev.awsconnectors.commons.runtime.Source;
import dev.awsconnectors.source.kinesis.aws.SdkShardReaderClient;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfigParser;
import dev.awsconnectors.source.kinesis.read.ReadSession;
import dev.awsconnectors.source.kinesis.read.ReadTuning;
import dev.awsconnectors.source.kinesis.record.EnvelopeSchema;
import dev.awsconnectors.source.kinesis.record.RecordShape;
import dev.awsconnectors.source.kinesis.schema.PayloadSchemas;
import dev.awsconnectors.source.kinesis.shard.ShardDiscovery;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Kinesis source: one Airbyte stream per Kinesis stream, read shard by shard with per-shard sequence state.
 * {@code discover} lists the streams and declares their records' schema (the payload's inferred from a sample, see
 * {@link PayloadSchemas}), {@code check} verifies read access, {@code read} hands over to a {@link ReadSession}.
 */
public final class KinesisSource implements Source<KinesisSourceConfig> {
  private final ConnectorSpec spec = ConnectorSpec.load(KinesisSource.class);
  private final Function<KinesisSourceConfig, ShardReaderClient> clients;
  private final ReadTuning tuning;

  public KinesisSource() {
    this(SdkShardReaderClient::open, ReadTuning.DEFAULT);
  }

  /** @param clients opens the Kinesis client for a configuration (tests pass fakes) */
  public KinesisSource(Function<KinesisSourceConfig, ShardReaderClient> clients, ReadTuning tuning) {
    this.clients = clients;
    this.tuning = tuning;
  }

  @Override
  public ConnectorSpec spec() {
    return spec;
  }

  @Override
  public KinesisSourceConfig parseConfig(ConfigReader config) {
    return KinesisSourceConfigParser.parse(config);
  }

  /**
   * Verifies read access (see {@link ConnectionCheck}). Its calls are retried by the policy bounded for a check
   * ({@link dev.awsconnectors.commons.aws.RetryPolicy#forCheck()}), so that it answers within seconds.
   */
  @Override
  public AirbyteConnectionStatus check(KinesisSourceConfig config) {
    ShardReaderClient client;
    try {
      client = clients.apply(config.withAws(config.aws().withRetry(config.aws().retry().forCheck())));
    } catch (ConnectorException e) {
      return AirbyteConnectionStatus.failed(e.getMessage());
    }
    try (client) {
      return new ConnectionCheck(client).run(config);
    }
  }

  @Override
  public AirbyteCatalog discover(KinesisSourceConfig config) {
    try (ShardReaderClient client = clients.apply(config)) {
      List<String> names;
      if (config.hasStreamList()) {
        names = config.streams();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
          try {
            client.describeStream(name);
          } catch (ConfigErrorException e) {
            missing.add(e.getMessage());
          }
        }
        if (!missing.isEmpty()) {
          throw new ConfigErrorException(String.join(" ", missing));
        }
      } else {
        names = new ShardDiscovery(client).streamNames();
        if (names.isEmpty()) {
          throw new ConfigErrorException("No Kinesis stream exists in this region and account. Create one, or check "
              + "the region, the endpoint and the account of the credentials.");
        }
      }
      RecordShape shape = RecordShape.of(config);
      List<AirbyteStream> streams = new ArrayList<>();
      try (PayloadSchemas payloads = new PayloadSchemas(config, client, Clock.systemUTC())) {
        for (String name : names) {
          streams.add(new AirbyteStream(name, EnvelopeSchema.of(shape, payloads.of(name)),
              List.of(SyncMode.FULL_REFRESH, SyncMode.INCREMENTAL), true, shape.cursor(), shape.primaryKey(), null,
              true, null, Map.of()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SystemErrorException("Discover was interrupted", e);
      }
      return new AirbyteCatalog(streams);
    }
  }

  @Override
  public void read(KinesisSourceConfig config, ConfiguredAirbyteCatalog catalog, List<AirbyteStateMessage> state,
      MessageOutput output) throws Exception {
    try (ShardReaderClient client = clients.apply(config)) {
      new ReadSession(config, client, output, tuning).read(catalog, state);
    }
  }
}
