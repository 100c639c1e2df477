package dev.awsconnectors.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange.Change;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange.Reason;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The varied schema and records of src/test/resources, and writing them in memory. */
public final class Samples {
  private Samples() {}

  public static JsonNode schema() {
    return ProtocolCodec.readTreeUnchecked(resource("/sample-schema.json"));
  }

  public static StreamSchema stream(AirbyteColumns columns) {
    return new StreamSchema(new StreamDescriptor("odd stream-name.é", "my-db.public"), schema(), columns, 3L, 77L);
  }

  /** The sample records; the first carries an upstream change in its meta. */
  public static List<OutputRecord> records() {
    List<OutputRecord> records = new ArrayList<>();
    int i = 0;
    for (String line : resource("/sample-records.jsonl").split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      AirbyteRecordMessageMeta meta = i == 0 ? new AirbyteRecordMessageMeta(List.of(new AirbyteRecordMessageMetaChange(
          "name", Change.TRUNCATED, Reason.SOURCE_FIELD_SIZE_LIMITATION))) : null;
      records.add(new OutputRecord(new UUID(0x1234L, 0x8000_0000_0000_0000L | i), 1_700_000_000_000L + i,
          ProtocolCodec.readTreeUnchecked(line), meta));
      i++;
    }
    return records;
  }

  /** {@code n} records cycling through the samples, each with its own random id and a later {@code emitted_at}. */
  public static List<OutputRecord> many(int n) {
    List<OutputRecord> samples = records();
    List<OutputRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      OutputRecord s = samples.get(i % samples.size());
      out.add(new OutputRecord(UUID.randomUUID(), s.emittedAt() + i, s.data(), s.meta()));
    }
    return out;
  }

  public static byte[] write(FileFormat format, StreamSchema stream, List<OutputRecord> records) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      FormatWriter writer = FileFormats.factory(format, stream).open(out);
      for (OutputRecord record : records) {
        writer.write(record);
      }
      writer.finish();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = Samples.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
