package dev.awsconnectors.source.kinesis.shard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lists streams and shards through every page. Unlike dlt's source, it follows ListShards' NextToken correctly, so
 * streams with more than one page of shards (more than 1,000 shards, open and closed) work.
 */
public final class ShardDiscovery {
  /** A guard against a service that never stops returning tokens. */
  static final int MAX_PAGES = 100_000;

  private final ShardReaderClient client;

  public ShardDiscovery(ShardReaderClient client) {
    this.client = client;
  }

  /** Every stream name of the account in the region, in the order Kinesis returns them, without duplicates. */
  public List<String> streamNames() {
    List<String> names = new ArrayList<>();
    Optional<String> token = Optional.empty();
    for (int page = 0; page < MAX_PAGES; page++) {
      ShardReaderClient.StreamListPage result = client.listStreams(token);
      for (String name : result.streamNames()) {
        if (!names.contains(name)) {
          names.add(name);
        }
      }
      token = result.nextToken();
      if (token.isEmpty()) {
        return names;
      }
    }
    throw new IllegalStateException("ListStreams returned more than " + MAX_PAGES + " pages");
  }

  /** Every shard of the stream still within the retention period, open and closed, de-duplicated by id. */
  public List<ShardDescription> shards(String stream) {
    Map<String, ShardDescription> shards = new LinkedHashMap<>();
    Optional<String> token = Optional.empty();
    for (int page = 0; page < MAX_PAGES; page++) {
      ShardReaderClient.ShardListPage result = client.listShards(stream, token);
      result.shards().forEach(s -> shards.putIfAbsent(s.shardId(), s));
      token = result.nextToken();
      if (token.isEmpty()) {
        return List.copyOf(shards.values());
      }
    }
    throw new IllegalStateException("ListShards of " + stream + " returned more than " + MAX_PAGES + " pages");
  }
}
