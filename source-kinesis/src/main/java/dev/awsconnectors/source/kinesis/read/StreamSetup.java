package dev.awsconnectors.source.kinesis.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.protocol.SyncMode;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.shard.ShardDescription;
import dev.awsconnectors.source.kinesis.shard.ShardDiscovery;
import dev.awsconnectors.source.kinesis.shard.ShardLineage;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import dev.awsconnectors.source.kinesis.state.InputStates;
import dev.awsconnectors.source.kinesis.state.InvalidStateException;
import dev.awsconnectors.source.kinesis.state.ShardCheckpoint;
import dev.awsconnectors.source.kinesis.state.StateCodec;
import dev.awsconnectors.source.kinesis.state.StreamState;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares one stream for a sync: checks that it may be read and exists, restores its saved state (incremental mode
 * only; discarded if the stream was deleted and created again), lists its shards, drops the shards that expired from
 * the state, and builds its shard lineage.
 */
final class StreamSetup {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSetup.class);

  private final KinesisSourceConfig config;
  private final ShardReaderClient client;
  private final Clock clock;

  StreamSetup(KinesisSourceConfig config, ShardReaderClient client, Clock clock) {
    this.config = config;
    this.client = client;
    this.clock = clock;
  }

  static Map<String, JsonNode> inputStates(List<AirbyteStateMessage> input) {
    try {
      return InputStates.byStream(input);
    } catch (InvalidStateException e) {
      throw new ConfigErrorException("The input state is not valid: " + e.getMessage() + ". Reset the connection's "
          + "state to start again from the configured start position.", e);
    }
  }

  StreamRead prepare(ConfiguredAirbyteStream configured, Map<String, JsonNode> saved) {
    String name = configured.stream().name();
    StreamDescriptor descriptor = configured.descriptor();
    if (config.hasStreamList() && !config.streams().contains(name)) {
      throw new ConfigErrorException("The catalog asks for the Kinesis stream '" + name + "', which is not in the "
          + "configured 'streams' " + config.streams() + ". Add it to the configuration or refresh the catalog.",
          null, descriptor);
    }
    ShardReaderClient.StreamSummary summary = client.describeStream(name);
    Instant now = clock.instant();
    Optional<StreamState> restored = Optional.empty();
    if (configured.syncMode() == SyncMode.INCREMENTAL) {
      restored = restore(name, descriptor, saved.get(name), summary);
    } else if (saved.containsKey(name)) {
      LOG.info("Stream '{}' is read in full refresh mode: its saved state is ignored and reading starts at {}", name,
          config.startPosition());
    }
    StreamState state = restored.orElseGet(() -> StreamState.fresh(config.startPosition().resolve(now),
        summary.createdAt()));
    List<ShardDescription> listed = new ShardDiscovery(client).shards(name);
    Set<String> listedIds = new HashSet<>();
    listed.forEach(s -> listedIds.add(s.shardId()));
    Map<String, ShardCheckpoint> before = Map.copyOf(state.shards());
    for (String dropped : state.retainOnly(listedIds)) {
      ShardCheckpoint c = before.get(dropped);
      if (c.finished()) {
        LOG.info("Stream '{}': shard {} expired from the stream after it was read to its end; dropping it from the "
            + "state", name, dropped);
      } else {
        LOG.warn("Stream '{}': shard {} of the saved state no longer exists (it expired after the stream's retention "
            + "period); its records {} were not read", name, dropped, c.describe());
      }
    }
    ShardLineage lineage = new ShardLineage(listed, state.finishedShards());
    LOG.info("Stream '{}' ({} mode): {} shards listed ({} already read to their end), {}", name,
        configured.syncMode().name().toLowerCase(java.util.Locale.ROOT), listed.size(),
        lineage.count(ShardLineage.Status.FINISHED), restored.isPresent() ? "resuming from the saved state"
            : "starting at " + state.startTimestamp().map(t -> "AT_TIMESTAMP " + t).orElse("TRIM_HORIZON"));
    return new StreamRead(name, state, lineage, config.checkpoint(), config.keepMisplacedRecords(),
        clock.millis());
  }

  private Optional<StreamState> restore(String name, StreamDescriptor descriptor, JsonNode json,
      ShardReaderClient.StreamSummary summary) {
    Optional<StreamState> state;
    try {
      state = StateCodec.fromJson(json);
    } catch (InvalidStateException e) {
      throw new ConfigErrorException("The saved state of the stream '" + name + "' is not valid: " + e.getMessage()
          + ". Reset the stream's state (or correct it) to start again from the configured start position.", e,
          descriptor);
    }
    if (state.isEmpty()) {
      return state;
    }
    StreamState s = state.get();
    if (s.streamCreatedAt().isPresent() && summary.createdAt().isPresent()
        && !s.streamCreatedAt().equals(summary.createdAt())) {
      LOG.warn("The Kinesis stream '{}' was created at {}, but the saved state belongs to a stream of that name "
          + "created at {}: the stream was deleted and created again. The saved positions do not apply to it; "
          + "reading it from {}.", name, summary.createdAt().get(), s.streamCreatedAt().get(),
          config.startPosition());
      return Optional.empty();
    }
    if (s.streamCreatedAt().isEmpty() && summary.createdAt().isPresent()) {
      s = new StreamState(s.startTimestamp(), summary.createdAt(), s.shards());
    }
    return Optional.of(s);
  }
}
