package dev.awsconnectors.source.kinesis.shard;

import dev.awsconnectors.kinesis.record.ShardHashRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A shard as ListShards describes it. A split child has one parent, a merge child two (parent and adjacent parent);
 * a shard of a new stream has none.
 *
 * @param closed whether the shard has an ending sequence number (takes no more writes); never used to decide that
 *     a shard was read to its end, which only a null NextShardIterator tells
 * @param hashRange the hash keys the shard takes ({@link ShardHashRange#WHOLE} when Kinesis did not say)
 */
public record ShardDescription(String shardId, Optional<String> parentShardId,
    Optional<String> adjacentParentShardId, boolean closed, ShardHashRange hashRange) {

  public ShardDescription {
    Objects.requireNonNull(shardId, "shardId");
    Objects.requireNonNull(parentShardId, "parentShardId");
    Objects.requireNonNull(adjacentParentShardId, "adjacentParentShardId");
    Objects.requireNonNull(hashRange, "hashRange");
  }

  /** A shard whose hash key range is not known. */
  public ShardDescription(String shardId, Optional<String> parentShardId, Optional<String> adjacentParentShardId,
      boolean closed) {
    this(shardId, parentShardId, adjacentParentShardId, closed, ShardHashRange.WHOLE);
  }

  /** A shard without parents. */
  public static ShardDescription root(String shardId) {
    return new ShardDescription(shardId, Optional.empty(), Optional.empty(), false);
  }

  public List<String> parents() {
    List<String> parents = new ArrayList<>(2);
    parentShardId.ifPresent(parents::add);
    adjacentParentShardId.ifPresent(parents::add);
    return List.copyOf(parents);
  }
}
