package dev.awsconnectors.commons.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteStateStats;
import dev.awsconnectors.commons.protocol.LastStreamLookup;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Owns the destination's STATE rule: a state is echoed only after every record before it that it covers is durably
 * stored, verbatim, with {@code destinationStats} added, and states are echoed in the order they arrived.
 *
 * <p>A STREAM state covers the records of its stream that came before it; a GLOBAL or LEGACY state covers every
 * record before it. Its {@code destinationStats.recordCount} counts the records since the previous state of the
 * same scope (the stream's previous STREAM state, or the previous GLOBAL/LEGACY state), and
 * {@code rejectedRecordCount} the records deliberately not written in that span.
 *
 * <p>Usage: {@link #recordAccepted} for every record handed to storage, keeping the returned {@link RecordGroup}
 * with the record; {@link #acknowledge} once storage confirmed it; {@link #stateAccepted} for every state. Released
 * states go to the consumer given at construction, possibly on the acknowledging thread. Thread-safe. Records of
 * one stream between two states share one {@link RecordGroup}, so bookkeeping allocates nothing per record.
 */
public final class StateLedger {
  private final Consumer<ObjectNode> release;
  private final Map<StreamDescriptor, StreamBook> books = new HashMap<>();
  private final ArrayDeque<PendingState> pending = new ArrayDeque<>();
  private long epoch;
  private long recordsSinceGlobalState;
  private long rejectedSinceGlobalState;
  private long unacknowledged;
  private long released;
  /** The book of a stream, created on first use. */
  private final LastStreamLookup<StreamBook> bookOf =
      new LastStreamLookup<>(stream -> books.computeIfAbsent(stream.key(), k -> new StreamBook()));

  /** @param release receives each state object, with its stats, when it may be echoed */
  public StateLedger(Consumer<ObjectNode> release) {
    this.release = release;
  }

  /** Records of one stream that arrived between the same two states; acknowledged together or one by one. */
  public static final class RecordGroup {
    private final StreamBook book;
    private final long epoch;
    private long unacknowledged;
    private boolean retired;

    private RecordGroup(StreamBook book, long epoch) {
      this.book = book;
      this.epoch = epoch;
    }
  }

  private static final class StreamBook {
    final ArrayDeque<RecordGroup> open = new ArrayDeque<>();
    RecordGroup current;
    long recordsSinceState;
    long rejectedSinceState;

    /** Drops fully acknowledged groups at the front; true if a group of epoch {@code <= epoch} is still open. */
    boolean hasUnacknowledgedUpTo(long epoch) {
      while (!open.isEmpty() && open.peekFirst().unacknowledged == 0) {
        open.pollFirst().retired = true;
      }
      return !open.isEmpty() && open.peekFirst().epoch <= epoch;
    }
  }

  private record PendingState(ObjectNode raw, StreamDescriptor stream, long epoch, long records, long rejected) {}

  /** A record of {@code stream} was handed to storage; acknowledge the returned group once it is durable. */
  public synchronized RecordGroup recordAccepted(StreamDescriptor stream) {
    StreamBook book = book(stream);
    RecordGroup group = book.current;
    if (group == null || group.epoch != epoch || group.retired) {
      group = new RecordGroup(book, epoch);
      book.open.addLast(group);
      book.current = group;
    }
    group.unacknowledged++;
    unacknowledged++;
    book.recordsSinceState++;
    recordsSinceGlobalState++;
    return group;
  }

  /** A record of {@code stream} was deliberately not written (counted as rejected, never awaited). */
  public synchronized void recordRejected(StreamDescriptor stream) {
    book(stream).rejectedSinceState++;
    rejectedSinceGlobalState++;
  }

  /** {@code count} records of {@code group} are durably stored. */
  public synchronized void acknowledge(RecordGroup group, long count) {
    if (count <= 0) {
      return;
    }
    if (count > group.unacknowledged) {
      throw new IllegalStateException("Acknowledged " + count + " records but only " + group.unacknowledged
          + " are pending in this group");
    }
    group.unacknowledged -= count;
    unacknowledged -= count;
    if (group.unacknowledged == 0) {
      releaseReady();
    }
  }

  public synchronized void stateAccepted(IncomingState state) {
    StreamDescriptor stream = state.stream().orElse(null);
    long records;
    long rejected;
    if (stream != null) {
      StreamBook book = book(stream);
      records = book.recordsSinceState;
      rejected = book.rejectedSinceState;
      book.recordsSinceState = 0;
      book.rejectedSinceState = 0;
    } else {
      records = recordsSinceGlobalState;
      rejected = rejectedSinceGlobalState;
      recordsSinceGlobalState = 0;
      rejectedSinceGlobalState = 0;
    }
    pending.addLast(new PendingState(state.raw(), stream, epoch, records, rejected));
    epoch++;
    releaseReady();
  }

  /** States received but not yet released. */
  public synchronized int pendingStates() {
    return pending.size();
  }

  /** Records accepted but not yet acknowledged. */
  public synchronized long unacknowledgedRecords() {
    return unacknowledged;
  }

  public synchronized long releasedStates() {
    return released;
  }

  private StreamBook book(StreamDescriptor stream) {
    return bookOf.get(stream);
  }

  private void releaseReady() {
    while (!pending.isEmpty() && isCovered(pending.peekFirst())) {
      PendingState state = pending.pollFirst();
      ObjectNode echo = state.raw().deepCopy();
      echo.set("destinationStats", ProtocolCodec.toTree(AirbyteStateStats.of(state.records(), state.rejected())));
      released++;
      release.accept(echo);
    }
  }

  private boolean isCovered(PendingState state) {
    if (state.stream() != null) {
      StreamBook book = books.get(state.stream());
      return book == null || !book.hasUnacknowledgedUpTo(state.epoch());
    }
    for (StreamBook book : books.values()) {
      if (book.hasUnacknowledgedUpTo(state.epoch())) {
        return false;
      }
    }
    return true;
  }
}
