package dev.awsconnectors.source.kinesis.shard;

import dev.awsconnectors.kinesis.record.SequenceNumbers;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What an earlier sync already emitted from a shard: every record before {@code sequenceNumber}, and at
 * {@code sequenceNumber} either the whole Kinesis record or, inside a KPL aggregate, its user records up to
 * {@code subSequenceNumber}. Sequence numbers are compared as integers.
 */
public record ResumeFilter(String sequenceNumber, OptionalLong subSequenceNumber) {

  /** Nothing to emit from this Kinesis record. */
  public static final long SKIP = -1;

  public ResumeFilter {
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(subSequenceNumber, "subSequenceNumber");
    if (!SequenceNumbers.isValid(sequenceNumber)) {
      throw new IllegalArgumentException("Not a sequence number: " + sequenceNumber);
    }
  }

  /** Everything up to and including the whole Kinesis record {@code sequenceNumber}. */
  public static ResumeFilter through(String sequenceNumber) {
    return new ResumeFilter(sequenceNumber, OptionalLong.empty());
  }

  /** Everything before {@code sequenceNumber}, and its user records 0..{@code subSequenceNumber}. */
  public static ResumeFilter inside(String sequenceNumber, long subSequenceNumber) {
    return new ResumeFilter(sequenceNumber, OptionalLong.of(subSequenceNumber));
  }

  /** The first sub-sequence number of Kinesis record {@code sequence} still to emit, or {@link #SKIP}. */
  public long firstToEmit(String sequence) {
    int order = SequenceNumbers.compare(sequence, sequenceNumber);
    if (order < 0) {
      return SKIP;
    }
    if (order > 0) {
      return 0;
    }
    return subSequenceNumber.isPresent() ? subSequenceNumber.getAsLong() + 1 : SKIP;
  }

  /** Whether Kinesis record {@code sequence} is past everything this filter covers. */
  public boolean isPast(String sequence) {
    return SequenceNumbers.compare(sequence, sequenceNumber) > 0;
  }
}
