package dev.awsconnectors.kinesis.record;

import java.nio.charset.StandardCharsets;

/**
 * One record as a producer meant it: partition key, optional explicit hash key and data. Several user records can
 * travel in one Kinesis record as a KPL aggregate ({@link KplAggregate}).
 */
public record UserRecord(String partitionKey, String explicitHashKey, byte[] data) {

  public UserRecord {
    if (partitionKey == null) {
      throw new IllegalArgumentException("partitionKey");
    }
    if (data == null) {
      throw new IllegalArgumentException("data");
    }
  }

  /** Bytes this record counts against the Kinesis record-size limit when sent on its own: data + partition key. */
  public int kinesisSize() {
    return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
  }
}
