package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Kinesis record in the send pipeline: a plain user record or a KPL aggregate, with the members it carries and
 * its retry bookkeeping. Owned by the send loop's thread.
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
  final long epoch;
  /** For a repair of a misplaced aggregate: that aggregate, done once all its repairs are. */
  final PutEntry repairOf;
  int pendingRepairs;
  int failures;
  long firstFailureNanos;
  long readyAtNanos;
  String lastError;

  PutEntry(String partitionKey, String explicitHashKey, byte[] data, String gateKey, List<Member> members,
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
