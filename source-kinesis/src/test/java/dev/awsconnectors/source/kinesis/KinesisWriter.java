package dev.awsconnectors.source.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/**
 * Writes test records: JSON objects {@code {"key": k, "n": i, "tag": t}} where {@code n} counts per key across
 * every call of one writer, so per-key order can be checked after reading.
 */
public final class KinesisWriter {
  private final KinesisClient client;
  private final String stream;
  private final Map<String, Integer> counters = new HashMap<>();
  private int total;

  public KinesisWriter(KinesisClient client, String stream) {
    this.client = client;
    this.stream = stream;
  }

  /** Writes {@code count} records cycling through {@code keys} distinct keys; returns their payloads in order. */
  public List<JsonNode> write(int count, int keys, String tag) {
    List<JsonNode> written = new ArrayList<>();
    List<PutRecordsRequestEntry> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = "key-" + (total % keys);
      int n = counters.merge(key, 1, Integer::sum);
      total++;
      JsonNode payload = ProtocolCodec.mapper().createObjectNode().put("key", key).put("n", n).put("tag", tag);
      written.add(payload);
      batch.add(PutRecordsRequestEntry.builder().partitionKey(key)
          .data(SdkBytes.fromString(payload.toString(), StandardCharsets.UTF_8)).build());
      if (batch.size() == 500) {
        send(batch);
      }
    }
    send(batch);
    return written;
  }

  /** Writes raw payloads with one partition key each. */
  public void writeRaw(List<byte[]> payloads, String partitionKey) {
    List<PutRecordsRequestEntry> batch = new ArrayList<>();
    for (byte[] p : payloads) {
      batch.add(PutRecordsRequestEntry.builder().partitionKey(partitionKey).data(SdkBytes.fromByteArray(p)).build());
    }
    send(batch);
  }

  private void send(List<PutRecordsRequestEntry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    PutRecordsResponse response = client.putRecords(r -> r.streamName(stream).records(batch));
    if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
      throw new AssertionError(response.failedRecordCount() + " records failed: " + response.records());
    }
    batch.clear();
  }
}
