package dev.awsconnectors.destination.kinesis.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.kinesis.config.PartitionKeySpec;
import dev.awsconnectors.destination.kinesis.config.PayloadFormat;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.KinesisLimits;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns one Airbyte record into the Kinesis user record to put: the payload bytes in the configured format, the
 * partition key and the optional explicit hash key. Pure apart from the random ids; one instance per writer thread.
 */
public final class RecordEncoder {
  static final String AB_ID = "_airbyte_ab_id";
  static final String EMITTED_AT = "_airbyte_emitted_at";
  static final String DATA = "_airbyte_data";

  private final PayloadFormat payload;
  private final PartitionKeySpec partitionKey;
  private final Optional<FieldPath> explicitHashKeyField;
  private final ObjectMapper mapper = ProtocolCodec.mapper();
  private final JsonFactory factory = mapper.getFactory();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

  public RecordEncoder(PayloadFormat payload, PartitionKeySpec partitionKey, Optional<FieldPath> explicitHashKeyField) {
    this.payload = payload;
    this.partitionKey = partitionKey;
    this.explicitHashKeyField = explicitHashKeyField;
  }

  /**
   * @param source the catalog stream, for messages
   * @param kinesisStream the Kinesis stream name derived for {@code source} (the key of the {@code stream} mode)
   * @param emittedAtMillis the record's {@code emitted_at}
   * @throws ConfigErrorException if the record lacks what the configuration needs (payload field, hash key)
   */
  public UserRecord encode(StreamDescriptor source, String kinesisStream, JsonNode data, long emittedAtMillis) {
    String id = null;
    String key;
    if (partitionKey instanceof PartitionKeySpec.Random) {
      id = randomUuid();
      key = id;
    } else {
      key = partitionKey(source, kinesisStream, data);
    }
    byte[] bytes = payload(source, data, emittedAtMillis, id);
    String hashKey = explicitHashKeyField.map(field -> explicitHashKey(source, field, data)).orElse(null);
    return new UserRecord(key, hashKey, bytes);
  }

  private byte[] payload(StreamDescriptor source, JsonNode data, long emittedAtMillis, String id) {
    try {
      if (payload instanceof PayloadFormat.Envelope envelope) {
        buffer.reset();
        try (JsonGenerator g = factory.createGenerator(buffer)) {
          g.writeStartObject();
          g.writeStringField(AB_ID, id != null ? id : randomUuid());
          g.writeFieldName(EMITTED_AT);
          // Seconds with a fraction, the unit and JSON type of Airbyte's 0.1.5 envelope, from the source's time.
          g.writeNumber(BigDecimal.valueOf(emittedAtMillis, 3));
          g.writeFieldName(DATA);
          if (envelope.dataAsText()) {
            g.writeString(mapper.writeValueAsString(data));
          } else {
            mapper.writeTree(g, data);
          }
          g.writeEndObject();
        }
        return buffer.toByteArray();
      }
      if (payload instanceof PayloadFormat.Data) {
        return mapper.writeValueAsBytes(data);
      }
      if (payload instanceof PayloadFormat.Field field) {
        JsonNode value = field.field().find(data);
        if (value == null || value.isNull()) {
          throw new ConfigErrorException("A record of stream '" + source + "' has no value in the payload field '"
              + field.field() + "'. Every record needs it with the 'field' payload mode; choose another field or "
              + "payload mode.", null, source);
        }
        return value.isTextual() ? value.textValue().getBytes(StandardCharsets.UTF_8)
            : mapper.writeValueAsBytes(value);
      }
      PayloadFormat.Projection projection = (PayloadFormat.Projection) payload;
      buffer.reset();
      try (JsonGenerator g = factory.createGenerator(buffer)) {
        g.writeStartObject();
        for (PayloadFormat.Projected p : projection.fields()) {
          JsonNode value = p.source().find(data);
          if (value != null) {
            g.writeFieldName(p.target());
            mapper.writeTree(g, value);
          }
        }
        g.writeEndObject();
      }
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String partitionKey(StreamDescriptor source, String kinesisStream, JsonNode data) {
    String key;
    if (partitionKey instanceof PartitionKeySpec.Constant constant) {
      key = constant.value();
    } else if (partitionKey instanceof PartitionKeySpec.SourceStream) {
      key = source.namespace() == null ? "_" + source.name() : source.namespace() + "_" + source.name();
    } else {
      StringBuilder joined = new StringBuilder();
      for (FieldPath field : ((PartitionKeySpec.Fields) partitionKey).fields()) {
        if (joined.length() > 0) {
          joined.append('|');
        }
        JsonNode value = field.find(data);
        joined.append(value == null || value.isNull() ? "null" : value.isValueNode() ? value.asText()
            : value.toString());
      }
      key = joined.toString();
    }
    return fit(key);
  }

  /**
   * A partition key Kinesis accepts: an empty key becomes {@code _}; a key over 256 characters becomes the hex MD5
   * of its UTF-8 bytes, which keeps "same key, same shard, in order".
   */
  static String fit(String key) {
    if (key.isEmpty()) {
      return "_";
    }
    if (key.length() <= KinesisLimits.PARTITION_KEY_MAX_CHARS) {
      return key;
    }
    return String.format("%032x", HashKeys.ofPartitionKey(key));
  }

  private static String explicitHashKey(StreamDescriptor source, FieldPath field, JsonNode data) {
    JsonNode value = field.find(data);
    String text = value == null || value.isNull() ? null
        : value.isIntegralNumber() ? value.bigIntegerValue().toString() : value.isTextual() ? value.textValue() : null;
    if (text == null || !HashKeys.isValidExplicitHashKey(text)) {
      throw new ConfigErrorException("A record of stream '" + source + "' has no valid explicit hash key in the field '"
          + field + "' (it must be a decimal integer from 0 to 2^128-1). Fix the data or unset "
          + "'explicit_hash_key_field'.", null, source);
    }
    return text;
  }

  /** A version 4 UUID from a fast, non-blocking random source (ids need uniqueness, not secrecy). */
  static String randomUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
