package dev.awsconnectors.source.kinesis.shard;

import dev.awsconnectors.kinesis.record.SequenceNumbers;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Where a shard iterator starts, in Kinesis' terms. */
public record IteratorPosition(Type type, Optional<String> sequenceNumber, Optional<Instant> timestamp) {

  /** Kinesis' ShardIteratorType values. */
  public enum Type { TRIM_HORIZON, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER }

  public IteratorPosition {
    Objects.requireNonNull(type, "type");
    boolean needsSequence = type == Type.AT_SEQUENCE_NUMBER || type == Type.AFTER_SEQUENCE_NUMBER;
    if (needsSequence != sequenceNumber.isPresent()) {
      throw new IllegalArgumentException(type + " and a sequence number go together");
    }
    if ((type == Type.AT_TIMESTAMP) != timestamp.isPresent()) {
      throw new IllegalArgumentException(type + " and a timestamp go together");
    }
    sequenceNumber.ifPresent(s -> {
      if (!SequenceNumbers.isValid(s)) {
        throw new IllegalArgumentException("Not a sequence number: " + s);
      }
    });
  }

  public static IteratorPosition trimHorizon() {
    return new IteratorPosition(Type.TRIM_HORIZON, Optional.empty(), Optional.empty());
  }

  public static IteratorPosition latest() {
    return new IteratorPosition(Type.LATEST, Optional.empty(), Optional.empty());
  }

  public static IteratorPosition atTimestamp(Instant timestamp) {
    return new IteratorPosition(Type.AT_TIMESTAMP, Optional.empty(), Optional.of(timestamp));
  }

  public static IteratorPosition atSequenceNumber(String sequenceNumber) {
    return new IteratorPosition(Type.AT_SEQUENCE_NUMBER, Optional.of(sequenceNumber), Optional.empty());
  }

  public static IteratorPosition afterSequenceNumber(String sequenceNumber) {
    return new IteratorPosition(Type.AFTER_SEQUENCE_NUMBER, Optional.of(sequenceNumber), Optional.empty());
  }

  /** Whether the position names a sequence number, which Kinesis may reject. */
  public boolean hasSequenceNumber() {
    return sequenceNumber.isPresent();
  }

  @Override
  public String toString() {
    return type + sequenceNumber.map(s -> " " + s).orElse("") + timestamp.map(t -> " " + t).orElse("");
  }
}
