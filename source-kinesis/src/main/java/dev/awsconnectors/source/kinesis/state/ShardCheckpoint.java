package dev.awsconnectors.source.kinesis.state;

import dev.awsconnectors.kinesis.record.SequenceNumbers;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How far one shard has been read: nothing yet, up to a Kinesis record, up to a user record inside a KPL aggregate,
 * or to the shard's end.
 *
 * @param sequenceNumber the last Kinesis record emitted from (empty: nothing yet, or finished)
 * @param subSequenceNumber set when the aggregate at {@code sequenceNumber} was only partly emitted: its user
 *     records 0..n were emitted and the next sync resumes inside it
 * @param finished the shard was read to its end (a null NextShardIterator); its children may be read
 */
public record ShardCheckpoint(Optional<String> sequenceNumber, OptionalLong subSequenceNumber, boolean finished) {

  public static final ShardCheckpoint NONE = new ShardCheckpoint(Optional.empty(), OptionalLong.empty(), false);
  public static final ShardCheckpoint FINISHED = new ShardCheckpoint(Optional.empty(), OptionalLong.empty(), true);

  public ShardCheckpoint {
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(subSequenceNumber, "subSequenceNumber");
    sequenceNumber.ifPresent(s -> {
      if (!SequenceNumbers.isValid(s)) {
        throw new IllegalArgumentException("Not a sequence number: " + s);
      }
    });
    if (subSequenceNumber.isPresent() && (sequenceNumber.isEmpty() || subSequenceNumber.getAsLong() < 0)) {
      throw new IllegalArgumentException("A sub-sequence number needs a sequence number and must be >= 0");
    }
    if (finished && sequenceNumber.isPresent()) {
      throw new IllegalArgumentException("A finished shard keeps no position");
    }
  }

  /** After the whole Kinesis record {@code sequenceNumber}. */
  public static ShardCheckpoint after(String sequenceNumber) {
    return new ShardCheckpoint(Optional.of(sequenceNumber), OptionalLong.empty(), false);
  }

  /** Inside the aggregate {@code sequenceNumber}, after its user record {@code subSequenceNumber}. */
  public static ShardCheckpoint inside(String sequenceNumber, long subSequenceNumber) {
    return new ShardCheckpoint(Optional.of(sequenceNumber), OptionalLong.of(subSequenceNumber), false);
  }

  /** Whether the next sync resumes in the middle of a KPL aggregate. */
  public boolean insideAggregate() {
    return subSequenceNumber.isPresent();
  }

  public boolean hasPosition() {
    return sequenceNumber.isPresent();
  }

  /** For log messages: "after sequence number 4959...", "finished", "no position". */
  public String describe() {
    if (finished) {
      return "finished";
    }
    if (sequenceNumber.isEmpty()) {
      return "no position";
    }
    return subSequenceNumber.isPresent()
        ? "after user record " + subSequenceNumber.getAsLong() + " of sequence number " + sequenceNumber.get()
        : "after sequence number " + sequenceNumber.get();
  }
}
