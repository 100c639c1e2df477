package dev.awsconnectors.source.kinesis.read;

import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.RecordLines;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig.CheckpointInterval;
import dev.awsconnectors.source.kinesis.record.MappedRecord;
import dev.awsconnectors.source.kinesis.shard.RecordsPage;
import dev.awsconnectors.source.kinesis.shard.ShardLineage;
import dev.awsconnectors.source.kinesis.shard.ShardReader;
import dev.awsconnectors.source.kinesis.state.StateCodec;
import dev.awsconnectors.source.kinesis.state.StreamState;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream during a sync: its state, its shard lineage, when its next STATE is due, and its counters. It applies
 * what the shard readers found (records emitted, pages done, shards ended, stopped or vanished) to the state and the
 * lineage, in the order the emitting thread handles them, so a STATE built from it never covers a record that was
 * not emitted. No I/O.
 *
 * <p>Lifecycle: built by {@link StreamSetup}; then, for each page of a shard, {@link #emitted} per record and
 * {@link #pageDone} once every record of the page was emitted, and {@link #shardEnded}, {@link #shardStopped} or
 * {@link #shardGone} for the shard's last event; {@link #checkpoint} whenever a STATE is emitted; {@link #summarize}
 * at the end. Not thread-safe: owned by the emitting thread.
 */
final class StreamRead {
  private static final Logger LOG = LoggerFactory.getLogger(StreamRead.class);

  final String name;
  final StreamDescriptor descriptor;
  /** The stream's RECORD lines, for records written as the mapper serialized them. */
  final RecordLines lines;
  final StreamState state;
  final ShardLineage lineage;
  private final CheckpointPolicy checkpoints;
  private final boolean keepMisplaced;
  private long records;
  private long payloadsNotObjects;
  private long shardsFinished;
  private long shardsGone;
  private long misplacedAggregates;
  private long misplacedRecords;

  StreamRead(String name, StreamState state, ShardLineage lineage, CheckpointInterval checkpoint,
      boolean keepMisplaced, long nowMillis) {
    this.name = name;
    this.descriptor = new StreamDescriptor(name, null);
    this.lines = RecordLines.of(descriptor);
    this.state = state;
    this.lineage = lineage;
    this.checkpoints = new CheckpointPolicy(checkpoint, nowMillis);
    this.keepMisplaced = keepMisplaced;
  }

  /** {@code record} of {@code shardId} was emitted; returns whether a STATE is due for the count of records. */
  boolean emitted(String shardId, MappedRecord record) {
    state.emitted(shardId, record.sequenceNumber(), record.subSequenceNumber(), record.lastOfKinesisRecord());
    records++;
    if (record.payloadNotObject()) {
      payloadsNotObjects++;
    }
    return checkpoints.recordEmitted();
  }

  /**
   * Every record of {@code page} was emitted: the shard's position moves past its last Kinesis record, also when
   * that one was a misplaced aggregate that was dropped.
   */
  void pageDone(String shardId, ShardReader.Page page) {
    ShardReader.Misplaced misplaced = page.misplaced();
    if (misplaced.aggregates() > 0) {
      misplacedAggregates += misplaced.aggregates();
      misplacedRecords += misplaced.userRecords();
      checkpoints.changed();
    }
    page.lastSequenceNumber().ifPresent(last -> state.passedThrough(shardId, last));
  }

  /** The shard was read to its end: it is finished in the state, and its children may be read. */
  void shardEnded(String shardId, Collection<RecordsPage.ChildShard> children) {
    state.finished(shardId);
    lineage.finished(shardId, children);
    shardsFinished++;
    checkpoints.changed();
    LOG.info("Stream '{}': shard {} read to its end", name, shardId);
  }

  /** The shard reached a stop condition of this sync; the next sync reads it on. */
  void shardStopped(String shardId, ShardReader.Page last) {
    lineage.stopped(shardId);
    LOG.debug("Stream '{}': shard {} stopped for this sync ({})", name, shardId, last.outcome());
  }

  /** The shard no longer exists: it leaves the state and no longer holds back its children. */
  void shardGone(String shardId) {
    state.remove(shardId);
    lineage.expired(shardId);
    shardsGone++;
    checkpoints.changed();
  }

  /** The shards that became eligible to read (their parents are done); they count as being read from now on. */
  List<String> takeEligible() {
    return lineage.takeEligible();
  }

  boolean checkpointDue(long nowMillis) {
    return checkpoints.isDue(nowMillis);
  }

  /** When a STATE falls due for the time if nothing else happens. */
  OptionalLong checkpointDueAt() {
    return checkpoints.dueAtMillis();
  }

  /** The STATE of the stream now, counting the records emitted since the previous one. */
  AirbyteStateMessage checkpoint(long nowMillis) {
    return AirbyteStateMessage.forStream(descriptor, StateCodec.toJson(state), checkpoints.checkpointed(nowMillis));
  }

  long records() {
    return records;
  }

  long misplacedRecords() {
    return misplacedRecords;
  }

  /** Logs the stream's figures; {@code base64Field}: where payloads that are not JSON objects were kept. */
  void summarize(String base64Field) {
    LOG.info("Stream '{}': {} records emitted; {} shards read to their end in this sync, {} expired; {} shards "
        + "finished in the state", name, records, shardsFinished, shardsGone, state.finishedShards().size());
    if (payloadsNotObjects > 0) {
      LOG.warn("Stream '{}': {} records had a payload that is not a JSON object; it is kept, byte for byte, in "
          + "'{}'", name, payloadsNotObjects, base64Field);
    }
    if (misplacedAggregates == 0) {
      return;
    }
    if (keepMisplaced) {
      LOG.warn("Stream '{}': {} user records in {} KPL aggregates lay outside the hash key range of the shard they "
          + "were read from (misplaced by a reshard) and were kept ('keep_misplaced_records'). Producers that send "
          + "misplaced aggregates again to the right shards (the KPL, destination-kinesis) make them appear twice.",
          name, misplacedRecords, misplacedAggregates);
    } else {
      LOG.info("Stream '{}': {} user records in {} KPL aggregates lay outside the hash key range of the shard they "
          + "were read from (misplaced by a reshard) and were dropped, as KCL consumers drop them: their producer "
          + "sends them again to their own shards. Set 'keep_misplaced_records' if it does not.", name,
          misplacedRecords, misplacedAggregates);
    }
  }
}
