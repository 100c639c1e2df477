package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.destination.kinesis.aggregation.ShardAggregator.Sealed;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Kinesis record in the send pipeline: a plain user record or a KPL aggregate, with the members it carries, the
 * keys that order it and its retry bookkeeping. Created and mutated by the send loop's thread only.
 */
final class PutEntry implements KinesisStreamClient.Entry {
  final String partitionKey;
  final String explicitHashKey;
  final byte[] data;
  final int requestBytes;
  /** Key of the {@link dev.awsconnectors.destination.kinesis.batch.KeyOrderGate}; null when bypassing it. */
  final String gateKey;
  final List<Member> members;
  /** For aggregates: the shard it was built for, checked against where it landed. */
  final String predictedShard;
  /** The shard-map epoch it was built in ({@link EpochBarrier}); 0 for plain records. */
  final long epoch;
  /** For a repair of a misplaced aggregate: that aggregate, done once all its repairs are. */
  final PutEntry repairOf;
  int pendingRepairs;
  int failures;
  long firstFailureNanos;
  /** When it became ready to send (or is due again after a failure), on the loop's clock. */
  long readyAtNanos;

  private PutEntry(String partitionKey, String explicitHashKey, byte[] data, String gateKey, List<Member> members,
      String predictedShard, long epoch, PutEntry repairOf) {
    this.partitionKey = partitionKey;
    this.explicitHashKey = explicitHashKey;
    this.data = data;
    this.requestBytes = data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    this.gateKey = gateKey;
    this.members = members;
    this.predictedShard = predictedShard;
    this.epoch = epoch;
    this.repairOf = repairOf;
  }

  /** A record sent as it is, ordered by its partition key. */
  static PutEntry plain(Member member) {
    UserRecord r = member.record();
    return new PutEntry(r.partitionKey(), r.explicitHashKey(), r.data(), r.partitionKey(), List.of(member), null, 0,
        null);
  }

  /** What the shard aggregator sealed for {@code epoch}: ordered by its shard, checked against where it lands. */
  static PutEntry sealed(Sealed<Member> s, long epoch) {
    return new PutEntry(s.partitionKey(), s.explicitHashKey(), s.data(), s.shard().shardId(), s.members(),
        s.aggregated() ? s.shard().shardId() : null, epoch, null);
  }

  /**
   * Part of the records of the misplaced aggregate {@code parent}, sent again: it bypasses the gate (the parent holds
   * its key until every repair is done) and belongs to the parent's epoch.
   */
  static PutEntry repair(Sealed<Member> s, PutEntry parent) {
    return new PutEntry(s.partitionKey(), s.explicitHashKey(), s.data(), null, s.members(),
        s.aggregated() ? s.shard().shardId() : null, parent.epoch, parent);
  }

  @Override
  public String partitionKey() {
    return partitionKey;
  }

  @Override
  public String explicitHashKey() {
    return explicitHashKey;
  }

  @Override
  public byte[] data() {
    return data;
  }
}
