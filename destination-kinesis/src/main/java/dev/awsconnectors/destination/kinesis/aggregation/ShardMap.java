package dev.awsconnectors.destination.kinesis.aggregation;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The hash-key ranges of a stream's shards as ListShards reported them: routes a hash key to the open shard that
 * receives it, and tells the range of any listed shard (closed ones too) to check where an aggregate landed.
 * Immutable.
 */
public final class ShardMap {
  private final TreeMap<BigInteger, ShardRange> openByStart = new TreeMap<>();
  private final Map<String, ShardRange> byId = new HashMap<>();

  /** One shard: inclusive hash-key range; {@code open} if it has no ending sequence number. */
  public record ShardRange(String shardId, BigInteger start, BigInteger end, boolean open) {
    public boolean contains(BigInteger hash) {
      return hash.compareTo(start) >= 0 && hash.compareTo(end) <= 0;
    }
  }

  public ShardMap(List<ShardRange> shards) {
    for (ShardRange s : shards) {
      byId.put(s.shardId(), s);
      if (s.open()) {
        openByStart.put(s.start(), s);
      }
    }
    if (openByStart.isEmpty()) {
      throw new IllegalArgumentException("A stream needs at least one open shard");
    }
  }

  /** The open shard whose range holds {@code hash}. */
  public ShardRange route(BigInteger hash) {
    Map.Entry<BigInteger, ShardRange> e = openByStart.floorEntry(hash);
    if (e == null || !e.getValue().contains(hash)) {
      // Open shards cover the whole key space; a gap means the listing was taken mid-reshard. Any open shard is
      // then as good as another: the aggregate's landing is checked against the response anyway.
      return e != null ? e.getValue() : openByStart.firstEntry().getValue();
    }
    return e.getValue();
  }

  /** Any listed shard, open or closed. */
  public Optional<ShardRange> shard(String shardId) {
    return Optional.ofNullable(byId.get(shardId));
  }

  public Set<String> openShardIds() {
    return openByStart.values().stream().map(ShardRange::shardId).collect(Collectors.toSet());
  }

  public int openShards() {
    return openByStart.size();
  }

  /** True if both maps route every hash key to the same shard. */
  public boolean sameRouting(ShardMap other) {
    return openByStart.values().stream().sorted(Comparator.comparing(ShardRange::start)).toList()
        .equals(other.openByStart.values().stream().sorted(Comparator.comparing(ShardRange::start)).toList());
  }
}
