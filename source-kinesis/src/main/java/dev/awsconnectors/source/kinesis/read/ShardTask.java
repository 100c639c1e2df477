package dev.awsconnectors.source.kinesis.read;

import dev.awsconnectors.source.kinesis.shard.ShardReader;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * One shard's reading, one GetRecords call per {@link #turn}: reserves the shard's share of the record budget, makes
 * the call through the shard's {@link ShardReader}, hands what came back to the {@link PageQueue}, and says when the
 * shard's next turn is due (its pacing, a retry's time, or a short wait while calls in flight hold the whole
 * budget). It never emits anything and never touches a stream's state: the emitting thread does, from the queue.
 *
 * <p>Lifecycle: created by the emitting thread when the shard becomes eligible; {@link #turn} is then called by a
 * reader thread, never two at a time, until it returns empty: the shard reached its end or a stop condition
 * (the last page is handed over), vanished, failed (the failure is handed over), or the read is stopping. No lock is
 * held during the call to Kinesis.
 */
final class ShardTask {

  /**
   * What the tasks of a read share.
   *
   * @param activeShards how many shards are being read, for the budget's fair share
   * @param stopping whether the read is ending: no more calls, nothing more handed over
   * @param budgetWaitMillis how long a shard waits when the calls in flight hold the whole budget
   */
  record Context(RecordBudget budget, int recordsPerCall, IntSupplier activeShards, PageQueue queue,
      BooleanSupplier stopping, Clock clock, long budgetWaitMillis) {}

  private final StreamRead stream;
  private final ShardReader reader;
  private final Context context;

  ShardTask(StreamRead stream, ShardReader reader, Context context) {
    this.stream = stream;
    this.reader = reader;
    this.context = context;
  }

  String shardId() {
    return reader.shardId();
  }

  /**
   * Makes one call and hands its result over.
   *
   * @return when (epoch ms) the next turn is due, or empty if the shard needs no more turns in this read
   * @throws InterruptedException if the thread was interrupted while waiting for room in the queue
   */
  OptionalLong turn() throws InterruptedException {
    if (context.stopping().getAsBoolean()) {
      return OptionalLong.empty();
    }
    RecordBudget budget = context.budget();
    int limit = budget.reserve(context.recordsPerCall(), context.activeShards().getAsInt());
    if (limit == 0) {
      return OptionalLong.of(context.clock().millis() + context.budgetWaitMillis());
    }
    boolean handedOver = false;
    try {
      ShardReader.Step step = reader.next(limit);
      if (step instanceof ShardReader.Retry retry) {
        return OptionalLong.of(retry.notBeforeMillis());
      }
      if (step instanceof ShardReader.Page page) {
        handedOver = context.queue().put(new ShardEvent.PageRead(stream, shardId(), page, limit));
        return handedOver && !page.outcome().isTerminal() ? OptionalLong.of(page.nextCallAtMillis())
            : OptionalLong.empty();
      }
      ShardReader.Gone gone = (ShardReader.Gone) step;
      context.queue().put(new ShardEvent.ShardGone(stream, shardId(), gone.reason()));
      return OptionalLong.empty();
    } catch (RuntimeException | Error e) {
      if (!context.stopping().getAsBoolean()) {
        context.queue().put(new ShardEvent.ReaderFailed(stream, shardId(), e));
      }
      return OptionalLong.empty();
    } finally {
      if (!handedOver) {
        budget.release(limit);
      }
    }
  }
}
