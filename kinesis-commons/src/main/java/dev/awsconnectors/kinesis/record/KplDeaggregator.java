package dev.awsconnectors.kinesis.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Unpacks KPL aggregated records, with the KCL's rules: a record is an aggregate only if it starts with the magic
 * bytes, is longer than magic plus digest, its trailing MD5 matches the protobuf bytes, and the protobuf parses with
 * valid key indexes. Anything else is an ordinary record and is left alone.
 *
 * <p>It keeps every user record whatever its hash key; whether an aggregate belongs to the shard it was read from
 * (the KCL drops it otherwise) is {@link ShardHashRange}'s decision, which needs the shard's range.
 */
public final class KplDeaggregator {
  private KplDeaggregator() {}

  /**
   * The user records of an aggregate, in order (their index is the sub-sequence number), or empty if {@code data}
   * is not an aggregate.
   */
  public static Optional<List<UserRecord>> deaggregate(byte[] data) {
    if (!KplAggregate.hasMagic(data)) {
      return Optional.empty();
    }
    int protoStart = KplAggregate.MAGIC.length;
    int protoEnd = data.length - KplAggregate.DIGEST_BYTES;
    byte[] digest = KplAggregate.md5(data, protoStart, protoEnd - protoStart);
    if (!Arrays.equals(digest, 0, KplAggregate.DIGEST_BYTES, data, protoEnd, data.length)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(data, protoStart, protoEnd));
    } catch (Protobuf.Malformed e) {
      return Optional.empty();
    }
  }

  private static List<UserRecord> parse(byte[] data, int start, int end) {
    List<String> partitionKeys = new ArrayList<>();
    List<String> hashKeys = new ArrayList<>();
    List<int[]> records = new ArrayList<>();
    Protobuf.Reader reader = new Protobuf.Reader(data, start, end);
    while (reader.hasMore()) {
      long tag = reader.varint();
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      if (wireType == Protobuf.LENGTH_DELIMITED && field == KplAggregate.PARTITION_KEY_TABLE) {
        partitionKeys.add(string(data, reader.lengthDelimited()));
      } else if (wireType == Protobuf.LENGTH_DELIMITED && field == KplAggregate.EXPLICIT_HASH_KEY_TABLE) {
        hashKeys.add(string(data, reader.lengthDelimited()));
      } else if (wireType == Protobuf.LENGTH_DELIMITED && field == KplAggregate.RECORDS) {
        records.add(reader.lengthDelimited());
      } else {
        reader.skip(wireType);
      }
    }
    List<UserRecord> out = new ArrayList<>(records.size());
    for (int[] region : records) {
      out.add(record(data, region, partitionKeys, hashKeys));
    }
    return out;
  }

  private static UserRecord record(byte[] data, int[] region, List<String> partitionKeys, List<String> hashKeys) {
    Protobuf.Reader reader = new Protobuf.Reader(data, region[0], region[1]);
    long pk = -1;
    long ehk = -1;
    int[] payload = null;
    while (reader.hasMore()) {
      long tag = reader.varint();
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      if (wireType == Protobuf.VARINT && field == KplAggregate.RECORD_PARTITION_KEY_INDEX) {
        pk = reader.varint();
      } else if (wireType == Protobuf.VARINT && field == KplAggregate.RECORD_EXPLICIT_HASH_KEY_INDEX) {
        ehk = reader.varint();
      } else if (wireType == Protobuf.LENGTH_DELIMITED && field == KplAggregate.RECORD_DATA) {
        payload = reader.lengthDelimited();
      } else {
        reader.skip(wireType);
      }
    }
    if (pk < 0 || pk >= partitionKeys.size() || payload == null || ehk >= hashKeys.size()) {
      throw new Protobuf.Malformed("record without a valid partition key index or data");
    }
    return new UserRecord(partitionKeys.get((int) pk), ehk < 0 ? null : hashKeys.get((int) ehk),
        Arrays.copyOfRange(data, payload[0], payload[1]));
  }

  private static String string(byte[] data, int[] region) {
    return new String(data, region[0], region[1] - region[0], StandardCharsets.UTF_8);
  }
}
