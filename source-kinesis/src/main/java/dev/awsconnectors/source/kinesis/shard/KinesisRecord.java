package dev.awsconnectors.source.kinesis.shard;

import java.time.Instant;
import java.util.Objects;

/**
 * One record as GetRecords returns it. GetRecords does not return the explicit hash key of a plain record; KPL
 * sub-records carry their own, inside the aggregate.
 */
public record KinesisRecord(String sequenceNumber, Instant approximateArrivalTimestamp, String partitionKey,
    byte[] data) {

  public KinesisRecord {
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(approximateArrivalTimestamp, "approximateArrivalTimestamp");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(data, "data");
  }

  /** What the record counts against a shard's read throughput: data plus partition key. */
  public long sizeBytes() {
    return data.length + (long) partitionKey.length();
  }
}
