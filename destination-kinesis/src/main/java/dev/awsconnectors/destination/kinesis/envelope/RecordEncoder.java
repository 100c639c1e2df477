package dev.awsconnectors.destination.kinesis.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.id.RandomIds;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.IncomingRecord;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.InvalidPayloads;
import dev.awsconnectors.destination.kinesis.config.PartitionKeySpec;
import dev.awsconnectors.destination.kinesis.config.PayloadFormat;
import dev.awsconnectors.kinesis.record.HashKeys;
import dev.awsconnectors.kinesis.record.KinesisLimits;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Turns one Airbyte record into the Kinesis user record to put: the payload bytes in the configured format, the
 * partition key and the optional explicit hash key. Pure apart from the random ids and the render-time clock; one
 * instance per writer thread.
 */
public final class RecordEncoder {
  static final String AB_ID = "_airbyte_ab_id";
  static final String EMITTED_AT = "_airbyte_emitted_at";
  static final String DATA = "_airbyte_data";
  static final String RAW_ID = "_airbyte_raw_id";
  static final String EXTRACTED_AT = "_airbyte_extracted_at";
  static final String GENERATION_ID = "_airbyte_generation_id";
  static final String META = "_airbyte_meta";
  // The envelopes' fixed text between the values, as bytes once. Emitted-at in the 0.1.5 envelope is seconds with a
  // fraction (the unit and JSON type of Airbyte's envelope), from the source's time.
  private static final byte[] ENVELOPE_ID = ascii("{\"" + AB_ID + "\":\"");
  private static final byte[] ENVELOPE_EMITTED_AT = ascii("\",\"" + EMITTED_AT + "\":");
  private static final byte[] ENVELOPE_DATA = ascii(",\"" + DATA + "\":");
  private static final byte[] V2_ID = ascii("{\"" + RAW_ID + "\":\"");
  private static final byte[] V2_EXTRACTED_AT = ascii("\",\"" + EXTRACTED_AT + "\":");
  private static final byte[] V2_GENERATION_ID = ascii(",\"" + GENERATION_ID + "\":");
  private static final byte[] V2_SYNC_ID = ascii(",\"" + META + "\":{\"sync_id\":");
  private static final byte[] V2_CHANGES = ascii(",\"changes\":");
  private static final byte[] V2_DATA = ascii("},\"" + DATA + "\":");

  private final PayloadFormat payload;
  private final PartitionKeySpec partitionKey;
  private final Optional<FieldPath> explicitHashKeyField;
  private final InvalidPayloads onInvalidPayload;
  private final Map<StreamDescriptor, Generation> generations;
  private final ObjectMapper mapper = ProtocolCodec.mapper();
  private final JsonFactory factory = mapper.getFactory();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
  private final TemplateRenderer payloadRenderer;
  private final TemplateRenderer keyRenderer;
  private final CompactJson compactJson = new CompactJson();
  private final Map<String, Object> variables = new HashMap<>(8);
  private final JsonBytes json = new JsonBytes();
  private final RandomIds ids;

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** A stream's {@code generation_id} and {@code sync_id} from the catalog (0 when the platform sent none). */
  public record Generation(long generationId, long syncId) {
    static final Generation NONE = new Generation(0, 0);
  }

  /**
   * @param generations per catalog stream, for {@code envelope_v2}; streams missing here get {@link Generation#NONE}
   * @param nanoTime the clock of the templates' render-time limit
   */
  public RecordEncoder(PayloadFormat payload, PartitionKeySpec partitionKey, Optional<FieldPath> explicitHashKeyField,
      InvalidPayloads onInvalidPayload, Map<StreamDescriptor, Generation> generations, LongSupplier nanoTime) {
    this.payload = payload;
    this.partitionKey = partitionKey;
    this.explicitHashKeyField = explicitHashKeyField;
    this.onInvalidPayload = onInvalidPayload;
    this.generations = Map.copyOf(generations);
    this.ids = new RandomIds();
    this.payloadRenderer = payload instanceof PayloadFormat.Template t ? t.template().newRenderer(nanoTime) : null;
    this.keyRenderer = partitionKey instanceof PartitionKeySpec.Template t ? t.template().newRenderer(nanoTime)
        : null;
  }

  /** The encoder of a write: the configuration's encoding, the catalog's generations, the system clock. */
  public static RecordEncoder of(KinesisDestinationConfig config, ConfiguredAirbyteCatalog catalog) {
    Map<StreamDescriptor, Generation> generations = new HashMap<>();
    for (ConfiguredAirbyteStream s : catalog.streams()) {
      generations.put(s.descriptor().key(), new Generation(s.generationId() == null ? 0 : s.generationId(),
          s.syncId() == null ? 0 : s.syncId()));
    }
    return new RecordEncoder(config.payload(), config.partitionKey(), config.explicitHashKeyField(),
        config.invalidPayloads(), generations, System::nanoTime);
  }

  /**
   * @param source the catalog stream of {@code record}
   * @param kinesisStream the Kinesis stream name derived for {@code source} (the key of the {@code stream} mode)
   * @param emittedAtMillis the record's {@code emitted_at}
   * @throws ConfigErrorException if the record lacks what the configuration needs (payload field, hash key, a payload
   *     the template can render as JSON) and {@code on_invalid_payload} is FAIL
   * @throws RejectedRecordException if the record has no valid payload and {@code on_invalid_payload} is SKIP
   */
  public UserRecord encode(IncomingRecord record, StreamDescriptor source, String kinesisStream,
      long emittedAtMillis) {
    if (payloadRenderer != null || keyRenderer != null) {
      variables.put("row", LiquidJson.value(record.data()));
      variables.put("stream", source.name());
      variables.put("namespace", source.namespace());
      variables.put("emitted_at", emittedAtMillis);
    }
    String id = null;
    String key;
    if (partitionKey instanceof PartitionKeySpec.Random) {
      id = ids.next();
      key = id;
    } else {
      key = partitionKey(source, kinesisStream, record);
    }
    byte[] bytes = payload(source, record, emittedAtMillis, id);
    String hashKey = explicitHashKeyField.isEmpty() ? null
        : explicitHashKey(source, explicitHashKeyField.get(), record.data());
    return new UserRecord(key, hashKey, bytes);
  }

  /**
   * The data and the envelopes copy the record's data as the bytes it arrived as (compact JSON); only the modes that
   * pick fields or render templates read it as a tree.
   */
  private byte[] payload(StreamDescriptor source, IncomingRecord record, long emittedAtMillis, String id) {
    try {
      if (payload instanceof PayloadFormat.Data) {
        return record.dataBytes();
      }
      if (payload instanceof PayloadFormat.Envelope envelope) {
        json.reset().raw(ENVELOPE_ID).ascii(id != null ? id : ids.next()).raw(ENVELOPE_EMITTED_AT)
            .seconds(emittedAtMillis).raw(ENVELOPE_DATA);
        if (envelope.dataAsText()) {
          json.string(record.dataBytes());
        } else {
          json.raw(record.dataBytes());
        }
        return json.ascii("}").toByteArray();
      }
      if (payload instanceof PayloadFormat.EnvelopeV2) {
        return envelopeV2(source, record, emittedAtMillis, id);
      }
      if (payload instanceof PayloadFormat.Template) {
        return rendered(source);
      }
      JsonNode data = record.data();
      if (payload instanceof PayloadFormat.Field field) {
        JsonNode value = field.field().find(data);
        if (value == null || value.isNull()) {
          throw invalid(source, "has no value in the payload field '" + field.field() + "'", "Every record needs "
              + "it with the 'field' payload mode; choose another field or payload mode");
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

  /**
   * True if {@link #encode} needs no field of a record's data, only its bytes: payload {@code data} or an envelope,
   * and keys that do not come from the data. The runner then never builds a tree of the data.
   */
  public boolean readsDataAsBytes() {
    boolean payloadOfBytes = payload instanceof PayloadFormat.Data || payload instanceof PayloadFormat.Envelope
        || payload instanceof PayloadFormat.EnvelopeV2;
    boolean keyOutsideData = partitionKey instanceof PartitionKeySpec.Random
        || partitionKey instanceof PartitionKeySpec.Constant || partitionKey instanceof PartitionKeySpec.SourceStream;
    return payloadOfBytes && keyOutsideData && explicitHashKeyField.isEmpty();
  }

  /** Airbyte's current record columns, as its destinations write them, with the data as an object. */
  private byte[] envelopeV2(StreamDescriptor source, IncomingRecord record, long emittedAtMillis, String id)
      throws IOException {
    Generation generation = generations.getOrDefault(source, Generation.NONE);
    AirbyteRecordMessageMeta meta = record.meta();
    List<?> changes = meta == null || meta.changes() == null ? List.of() : meta.changes();
    json.reset().raw(V2_ID).ascii(id != null ? id : ids.next()).raw(V2_EXTRACTED_AT).number(emittedAtMillis)
        .raw(V2_GENERATION_ID).number(generation.generationId()).raw(V2_SYNC_ID).number(generation.syncId())
        .raw(V2_CHANGES);
    if (changes.isEmpty()) {
      json.ascii("[]");
    } else {
      json.raw(mapper.writeValueAsBytes(changes));
    }
    return json.raw(V2_DATA).raw(record.dataBytes()).ascii("}").toByteArray();
  }

  private byte[] rendered(StreamDescriptor source) {
    String text;
    try {
      text = payloadRenderer.render(variables);
    } catch (TemplateRenderer.RenderException e) {
      throw invalid(source, "could not be rendered with 'payload.template': " + e.getMessage(),
          "Fix the template");
    }
    try {
      return compactJson.compact(text);
    } catch (CompactJson.InvalidJsonException e) {
      throw invalid(source, "rendered with 'payload.template' to text that is not JSON: " + e.getMessage(),
          "Fix the template: write values with the json filter ({{ row.name | json }}), which quotes and escapes "
              + "them");
    }
  }

  /** FAIL: the sync stops with a config error; SKIP: the writer counts the record as rejected. */
  private RuntimeException invalid(StreamDescriptor source, String problem, String fix) {
    String message = "A record of stream '" + source + "' " + problem + ".";
    if (onInvalidPayload == InvalidPayloads.SKIP) {
      return new RejectedRecordException(source, message);
    }
    return new ConfigErrorException(message + " " + fix + ", or set 'on_invalid_payload' to SKIP to skip such "
        + "records (they are counted as rejected).", null, source);
  }

  private String partitionKey(StreamDescriptor source, String kinesisStream, IncomingRecord record) {
    String key;
    if (partitionKey instanceof PartitionKeySpec.Constant constant) {
      key = constant.value();
    } else if (partitionKey instanceof PartitionKeySpec.SourceStream) {
      key = source.namespace() == null ? "_" + source.name() : source.namespace() + "_" + source.name();
    } else if (partitionKey instanceof PartitionKeySpec.Template) {
      try {
        key = keyRenderer.render(variables);
      } catch (TemplateRenderer.RenderException e) {
        throw invalid(source, "could not be rendered with 'partition_key.template': " + e.getMessage(),
            "Fix the template");
      }
    } else {
      JsonNode data = record.data();
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
}
