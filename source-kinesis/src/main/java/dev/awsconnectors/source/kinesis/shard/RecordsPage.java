package dev.awsconnectors.source.kinesis.shard;

import dev.awsconnectors.kinesis.record.ShardHashRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One GetRecords answer. An empty {@code nextShardIterator} means the shard is closed and was read to its end
 * (SHARD_END); {@code childShards} then names the shards that continue it.
 */
public record RecordsPage(List<KinesisRecord> records, Optional<String> nextShardIterator,
    OptionalLong millisBehindLatest, List<ChildShard> childShards) {

  public RecordsPage {
    records = List.copyOf(records);
    childShards = List.copyOf(childShards);
  }

  public boolean shardEnded() {
    return nextShardIterator.isEmpty();
  }

  public long sizeBytes() {
    long total = 0;
    for (KinesisRecord r : records) {
      total += r.sizeBytes();
    }
    return total;
  }

  /**
   * A shard that continues a closed one, with all its parents and its hash key range ({@link ShardHashRange#WHOLE}
   * when Kinesis did not say).
   */
  public record ChildShard(String shardId, List<String> parentShards, ShardHashRange hashRange) {
    public ChildShard {
      parentShards = List.copyOf(parentShards);
      Objects.requireNonNull(hashRange, "hashRange");
    }

    /** A child whose hash key range is not known. */
    public ChildShard(String shardId, List<String> parentShards) {
      this(shardId, parentShards, ShardHashRange.WHOLE);
    }
  }
}
