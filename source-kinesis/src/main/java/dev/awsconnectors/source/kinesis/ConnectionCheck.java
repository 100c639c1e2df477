package dev.awsconnectors.source.kinesis;

import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig;
import dev.awsconnectors.source.kinesis.shard.IteratorPosition;
import dev.awsconnectors.source.kinesis.shard.ShardDescription;
import dev.awsconnectors.source.kinesis.shard.ShardReaderClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies, without changing anything, that a sync can read: with a stream list, that each stream exists and that
 * ListShards, GetShardIterator and GetRecords are allowed on it (one call each, on one shard); without one, that
 * ListStreams is allowed and finds at least one stream. Reports every problem found, not just the first.
 */
final class ConnectionCheck {
  private final ShardReaderClient client;

  ConnectionCheck(ShardReaderClient client) {
    this.client = client;
  }

  AirbyteConnectionStatus run(KinesisSourceConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.hasStreamList()) {
      for (String stream : config.streams()) {
        checkStream(stream, problems);
      }
    } else {
      try {
        ShardReaderClient.StreamListPage page = client.listStreams(Optional.empty());
        if (page.streamNames().isEmpty()) {
          problems.add("No Kinesis stream exists in this region and account (ListStreams returned none). Create one, "
              + "or check the region, the endpoint and the account of the credentials.");
        } else {
          checkStream(page.streamNames().get(0), problems);
        }
      } catch (ConnectorException e) {
        problems.add(e.getMessage());
      }
    }
    return problems.isEmpty() ? AirbyteConnectionStatus.succeeded()
        : AirbyteConnectionStatus.failed(String.join(" ", problems));
  }

  private void checkStream(String stream, List<String> problems) {
    try {
      client.describeStream(stream);
      List<ShardDescription> shards = client.listShards(stream, Optional.empty()).shards();
      Optional<ShardDescription> shard = shards.stream().filter(s -> !s.closed()).findFirst()
          .or(() -> shards.stream().findFirst());
      if (shard.isPresent()) {
        String iterator = client.shardIterator(stream, shard.get().shardId(), IteratorPosition.latest());
        client.getRecords(iterator, 1);
      }
    } catch (ConnectorException e) {
      problems.add(e.getMessage());
    } catch (RuntimeException e) {
      problems.add("Reading the Kinesis stream '" + stream + "' failed: " + e.getMessage());
    }
  }
}
