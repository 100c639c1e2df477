package dev.awsconnectors.source.kinesis.record;

/** The names of the fields of every record this source emits, in one place for the mapper, the schema and docs. */
public final class EnvelopeFields {
  private EnvelopeFields() {}

  /** Primary key: {@code <shard id>:<sequence number>:<sub-sequence number>}. */
  public static final String MESSAGE_ID = "message_id";
  public static final String SHARD_ID = "shard_id";
  public static final String SEQUENCE_NUMBER = "sequence_number";
  public static final String SUB_SEQUENCE_NUMBER = "sub_sequence_number";
  public static final String PARTITION_KEY = "partition_key";
  /** Cursor field: when Kinesis received the record, ISO-8601 in UTC. */
  public static final String APPROXIMATE_ARRIVAL_TIMESTAMP = "approximate_arrival_timestamp";
  /** Only on KPL sub-records that carry one; GetRecords does not return it for plain records. */
  public static final String EXPLICIT_HASH_KEY = "explicit_hash_key";
  /** The payload parsed as a JSON object. */
  public static final String DATA = "data";
  /** The payload's exact bytes in base64, when it is not parsed. */
  public static final String DATA_BASE64 = "data_base64";

  /** The message id of a user record. */
  public static String messageId(String shardId, String sequenceNumber, long subSequenceNumber) {
    return shardId + ":" + sequenceNumber + ":" + subSequenceNumber;
  }
}
