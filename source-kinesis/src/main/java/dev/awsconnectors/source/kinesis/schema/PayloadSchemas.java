package dev.awsconnectors.source.kinesis.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.shard.DaemonThreads;
import dev.awsconnectors.source.kinesis.shard.ShardDescription;
import dev.awsconnectors.source.kinesis.shard.ShardDiscovery;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the payload schema each stream declares at discover: the one the user gave, else the one inferred from a
 * sample ({@link PayloadSampler}), else none (the payload is then declared as an object of any fields, as when
 * payloads are not parsed, inference is off, the stream is empty or no payload is a JSON object). Sampling never
 * fails discover: if it cannot read, the stream keeps the schema without inference and a warning says why.
 *
 * <p>Lifecycle: one instance per discover; {@link #of} for each stream, then {@link #close()}, which stops the
 * sampling threads.
 */
public final class PayloadSchemas implements AutoCloseable {
  /** The newest records of a shard are read from this long before its tip on. */
  static final Duration NEWEST_WINDOW = Duration.ofSeconds(60);
  /**
   * Shards sampled at the same time. Sampling is a few short calls per shard, each within that shard's own limits,
   * so it is not bound by {@code max_concurrent_shards}, which paces the long reads of a sync.
   */
  static final int SAMPLING_THREADS = 32;
  private static final Logger LOG = LoggerFactory.getLogger(PayloadSchemas.class);

  private final KinesisSourceConfig config;
  private final ShardReaderClient client;
  private final ExecutorService executor;
  private final PayloadSampler sampler;

  public PayloadSchemas(KinesisSourceConfig config, ShardReaderClient client, Clock clock) {
    this.config = config;
    this.client = client;
    this.executor = Executors.newFixedThreadPool(SAMPLING_THREADS, new DaemonThreads("schema-sample"));
    this.sampler = new PayloadSampler(client, executor, clock, NEWEST_WINDOW);
  }

  /** The payload schema {@code stream} declares, if any. */
  public Optional<ObjectNode> of(String stream) throws InterruptedException {
    Optional<ObjectNode> given = config.schema().userSchema(stream);
    if (given.isPresent()) {
      LOG.info("Stream '{}': the payload schema is the one given in 'stream_schemas'", stream);
      return given;
    }
    if (!config.parseJson() || !config.schema().infer()) {
      return Optional.empty();
    }
    PayloadSampler.Sample sample;
    try {
      List<ShardDescription> shards = new ShardDiscovery(client).shards(stream);
      sample = sampler.sample(stream, shards, config.schema().sampleRecords(), config.schema().sampleTime());
    } catch (ConnectorException | IllegalStateException e) {
      LOG.warn("Stream '{}': could not read a sample to infer the payload schema ({}); the payload is declared as "
          + "an object of any fields", stream, e.getMessage());
      return Optional.empty();
    }
    Optional<ObjectNode> inferred = sample.inference().schema();
    LOG.info("Stream '{}': {} payload schema from {} records of {} of {} shards in {} ms{}{}", stream,
        inferred.isPresent() ? "inferred the" : "no", sample.records(), sample.shardsSampled(), sample.shards(),
        sample.took().toMillis(), sample.notObjects() > 0 ? " (" + sample.notObjects() + " payloads were not JSON "
            + "objects)" : "", sample.complete() ? "" : "; the sample was cut short by the time limit or by errors");
    return inferred;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
