package dev.awsconnectors.source.kinesis.read;

import dev.awsconnectors.source.kinesis.shard.ShardReader;

/**
 * What a shard's reader hands to the emitting thread through the {@link PageQueue}: a page, the news that the shard
 * vanished, or a failure. Immutable; the stream it names is touched by the emitting thread only.
 */
sealed interface ShardEvent {

  StreamRead stream();

  String shardId();

  /** The bytes it holds until the emitting thread has handled it, which bound the memory of a read. */
  long weight();

  /**
   * A page read, with the record budget its call reserved (released once the page is handled).
   *
   * <p>Its weight: what its records hold (their serialized data, once mapped the raw page is no longer held) plus a
   * fixed 1 KiB for the page itself.
   */
  record PageRead(StreamRead stream, String shardId, ShardReader.Page page, int reserved) implements ShardEvent {
    @Override
    public long weight() {
      return 1024 + page.heldBytes();
    }
  }

  /** The shard no longer exists (it expired during the sync). */
  record ShardGone(StreamRead stream, String shardId, String reason) implements ShardEvent {
    @Override
    public long weight() {
      return 0;
    }
  }

  /** Reading the shard failed beyond what the reader handles itself: the sync fails with it. */
  record ReaderFailed(StreamRead stream, String shardId, Throwable failure) implements ShardEvent {
    @Override
    public long weight() {
      return 0;
    }
  }
}
