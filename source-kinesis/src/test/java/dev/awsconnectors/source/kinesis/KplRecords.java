package dev.awsconnectors.source.kinesis;

import com.google.protobuf.ByteString;
import dev.awsconnectors.kinesis.record.KinesisLimits;
import dev.awsconnectors.kinesis.record.KplAggregate;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.kinesis.retrieval.kpl.Messages;

/**
 * Builds KPL aggregated records two independent ways: with kinesis-commons' {@link KplAggregate} (the encoder our
 * destination uses) and with the KCL's generated protobuf {@link Messages} plus the documented framing (magic,
 * protobuf, MD5), as the KPL writes them.
 */
public final class KplRecords {
  private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

  private KplRecords() {}

  /** One Kinesis record packing {@code users}, encoded by our destination's codec. */
  public static KplAggregate.Aggregated ours(List<UserRecord> users) {
    KplAggregate aggregate = new KplAggregate(KinesisLimits.RECORD_MAX_BYTES);
    for (UserRecord u : users) {
      if (!aggregate.tryAdd(u)) {
        throw new IllegalArgumentException("Too large for one aggregate");
      }
    }
    return aggregate.drain().orElseThrow();
  }

  /** The KPL wire format of {@code users}, built with the KCL's protobuf classes (keys not de-duplicated). */
  public static byte[] kpl(List<UserRecord> users) throws Exception {
    Messages.AggregatedRecord.Builder builder = Messages.AggregatedRecord.newBuilder();
    Map<String, Integer> keys = new java.util.LinkedHashMap<>();
    List<String> hashKeys = new ArrayList<>();
    for (UserRecord u : users) {
      Integer pk = keys.get(u.partitionKey());
      if (pk == null) {
        pk = keys.size();
        keys.put(u.partitionKey(), pk);
        builder.addPartitionKeyTable(u.partitionKey());
      }
      Messages.Record.Builder record = Messages.Record.newBuilder().setPartitionKeyIndex(pk)
          .setData(ByteString.copyFrom(u.data()));
      if (u.explicitHashKey() != null) {
        record.setExplicitHashKeyIndex(hashKeys.size());
        hashKeys.add(u.explicitHashKey());
        builder.addExplicitHashKeyTable(u.explicitHashKey());
      }
      builder.addRecords(record);
    }
    byte[] proto = builder.build().toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(MAGIC);
    out.write(proto);
    out.write(MessageDigest.getInstance("MD5").digest(proto));
    return out.toByteArray();
  }
}
