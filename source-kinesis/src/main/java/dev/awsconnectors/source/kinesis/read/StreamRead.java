package dev.awsconnectors.source.kinesis.read;

import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.source.kinesis.shard.ShardLineage;
import dev.awsconnectors.source.kinesis.state.StreamState;

/** One stream during a sync: its state, its shard lineage and its counters. Owned by the emitting thread. */
final class StreamRead {
  final String name;
  final StreamDescriptor descriptor;
  final StreamState state;
  final ShardLineage lineage;
  long recordsSinceState;
  long lastStateAtMillis;
  boolean changedSinceState;
  long records;
  long payloadsNotObjects;
  long shardsFinished;
  long shardsGone;

  StreamRead(String name, StreamState state, ShardLineage lineage, long nowMillis) {
    this.name = name;
    this.descriptor = new StreamDescriptor(name, null);
    this.state = state;
    this.lineage = lineage;
    this.lastStateAtMillis = nowMillis;
  }
}
