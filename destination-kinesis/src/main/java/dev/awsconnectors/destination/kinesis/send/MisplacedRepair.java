package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.destination.kinesis.aggregation.ShardAggregator;
import dev.awsconnectors.destination.kinesis.aggregation.ShardAggregator.Sealed;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap;
import dev.awsconnectors.destination.kinesis.aggregation.ShardMap.ShardRange;
import dev.awsconnectors.kinesis.record.ShardHashRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to do with a KPL aggregate that Kinesis stored on another shard than the one it was built for (the stream was
 * resharded after its shard map was listed), by the rule the KPL and the KCL share: a consumer keeps an aggregate
 * only if the shard it was read from holds every one of its user records, and drops it whole otherwise, because the
 * producer sends those records again. So the aggregate is kept as it landed, or its records are re-aggregated for the
 * shards that hold them in the newest shard map and sent again. Pure.
 */
final class MisplacedRepair {
  /** The decision for one misplaced aggregate. */
  sealed interface Decision permits Keep, Resend {}

  /** The shard it landed on holds all its records: consumers keep it, nothing to send again. */
  record Keep() implements Decision {}

  /** Consumers drop it: send its records again as these records, in order (at least one). */
  record Resend(List<Sealed<Member>> records) implements Decision {}

  private MisplacedRepair() {}

  /**
   * @param members the aggregate's records, in order
   * @param landedShard where Kinesis stored it
   * @param map the newest shard map of the stream
   * @param listedAfterLanding whether {@code map} was listed after the aggregate landed (then a shard it does not
   *     know cannot prove the aggregate kept: its records are sent again)
   * @param maxAggregateBytes the size limit of the aggregates built for the records sent again
   * @return the decision, or empty when {@code map} cannot tell: wait for a listing made after the landing
   */
  static Optional<Decision> decide(List<Member> members, String landedShard, ShardMap map,
      boolean listedAfterLanding, int maxAggregateBytes) {
    Optional<ShardRange> landedOn = map.shard(landedShard);
    if (landedOn.isEmpty() && !listedAfterLanding) {
      return Optional.empty();
    }
    if (landedOn.isPresent() && holdsAll(landedOn.get(), members)) {
      return Optional.of(new Keep());
    }
    ShardAggregator<Member> aggregator = new ShardAggregator<>(map, maxAggregateBytes, Member::record);
    List<Sealed<Member>> records = new ArrayList<>();
    for (Member m : members) {
      records.addAll(aggregator.add(m, 0));
    }
    records.addAll(aggregator.sealAll());
    return Optional.of(new Resend(records));
  }

  /**
   * Whether a consumer reading {@code shard} keeps an aggregate of {@code members}: the rule source-kinesis drops
   * misplaced records by ({@link ShardHashRange#holdsAll}), so the two connectors agree.
   */
  static boolean holdsAll(ShardRange shard, List<Member> members) {
    return new ShardHashRange(shard.start(), shard.end()).holdsAll(members.stream().map(Member::record).toList());
  }
}
