package dev.awsconnectors.source.kinesis.shard;

import dev.awsconnectors.kinesis.record.ShardHashRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The parent/child graph of one stream's shards and where each shard is in this sync, deciding which shards may be
 * read: a shard is eligible when it is neither finished nor already read in this sync, and every parent either
 * reached its end (a null NextShardIterator, in this sync or an earlier one) or no longer exists (it expired). This
 * is what keeps every partition key's records in order across splits and merges: a key's records in a parent are
 * all emitted before any of its records in a child.
 *
 * <p>Not thread-safe: owned by the one thread that emits records and states.
 */
public final class ShardLineage {

  /** Where a shard is in this sync. */
  public enum Status {
    /** Not read yet in this sync; eligible once its parents are finished. */
    WAITING,
    /** Handed to a reader. */
    READING,
    /** Read in this sync up to a stop condition, but not to its end; read again next sync. */
    STOPPED,
    /** Read to its end (in this sync or before); its children may be read. */
    FINISHED
  }

  private final Map<String, List<String>> parents = new TreeMap<>();
  private final Map<String, Status> status = new TreeMap<>();
  private final Map<String, ShardHashRange> hashRanges = new TreeMap<>();

  /**
   * @param listed the shards ListShards returned
   * @param finished the shards an earlier sync read to their end
   */
  public ShardLineage(Collection<ShardDescription> listed, Set<String> finished) {
    for (ShardDescription shard : listed) {
      parents.put(shard.shardId(), shard.parents());
      hashRanges.put(shard.shardId(), shard.hashRange());
      status.put(shard.shardId(), finished.contains(shard.shardId()) ? Status.FINISHED : Status.WAITING);
    }
  }

  /** The shards that may be read now, in shard id order; they become READING. */
  public List<String> takeEligible() {
    List<String> eligible = new ArrayList<>();
    for (Map.Entry<String, Status> e : status.entrySet()) {
      if (e.getValue() == Status.WAITING && parentsDone(e.getKey())) {
        eligible.add(e.getKey());
      }
    }
    eligible.forEach(id -> status.put(id, Status.READING));
    return eligible;
  }

  /** The shard stopped short of its end in this sync (caught up, budget, tip reached). */
  public void stopped(String shardId) {
    require(shardId, Status.READING);
    status.put(shardId, Status.STOPPED);
  }

  /**
   * The shard reached its end. Children Kinesis named in GetRecords but ListShards did not list (created during
   * this sync) are added, so they are read in this sync too.
   */
  public void finished(String shardId, Collection<RecordsPage.ChildShard> children) {
    require(shardId, Status.READING);
    status.put(shardId, Status.FINISHED);
    for (RecordsPage.ChildShard child : children) {
      if (!status.containsKey(child.shardId())) {
        parents.put(child.shardId(), child.parentShards());
        hashRanges.put(child.shardId(), child.hashRange());
        status.put(child.shardId(), Status.WAITING);
      }
    }
  }

  /** The shard no longer exists (it expired while this sync ran): it no longer holds back its children. */
  public void expired(String shardId) {
    status.remove(shardId);
    parents.remove(shardId);
    hashRanges.remove(shardId);
  }

  public Status status(String shardId) {
    Status s = status.get(shardId);
    if (s == null) {
      throw new IllegalArgumentException("Unknown shard " + shardId);
    }
    return s;
  }

  public boolean contains(String shardId) {
    return status.containsKey(shardId);
  }

  /** Every known shard id (listed, or learned as a child in this sync). */
  public Set<String> shardIds() {
    return Set.copyOf(status.keySet());
  }

  /** The hash keys the shard takes, {@link ShardHashRange#WHOLE} if Kinesis did not say or the shard is unknown. */
  public ShardHashRange hashRange(String shardId) {
    return hashRanges.getOrDefault(shardId, ShardHashRange.WHOLE);
  }

  public List<String> parentsOf(String shardId) {
    return parents.getOrDefault(shardId, List.of());
  }

  public long count(Status wanted) {
    return status.values().stream().filter(s -> s == wanted).count();
  }

  private boolean parentsDone(String shardId) {
    for (String parent : parents.getOrDefault(shardId, List.of())) {
      Status s = status.get(parent);
      if (s != null && s != Status.FINISHED) {
        return false;
      }
    }
    return true;
  }

  private void require(String shardId, Status expected) {
    Status actual = status(shardId);
    if (actual != expected) {
      throw new IllegalStateException("Shard " + shardId + " is " + actual + ", not " + expected);
    }
  }
}
