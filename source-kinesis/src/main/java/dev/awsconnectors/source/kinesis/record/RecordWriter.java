package dev.awsconnectors.source.kinesis.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.config.RecordLayout;
import dev.awsconnectors.source.kinesis.schema.SchemaConformance;
import dev.awsconnectors.source.kinesis.schema.SchemaConformance.Type;
import dev.awsconnectors.source.kinesis.shard.KinesisRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the records of a {@link RecordMapper} without building trees: each payload object is streamed from
 * Jackson's parser into its generator next to the metadata fields, renaming top-level fields as the shape says,
 * while a {@link SchemaConformance.Walk} checks the tokens against the declared schema. The bytes are the ones the
 * mapper's tree gives once the protocol codec serializes it: numbers keep the value and spelling the codec keeps
 * (integers in canonical digits, decimals as {@link java.math.BigDecimal#toString()} writes them), strings are
 * decoded and escaped again. A payload it cannot reproduce exactly is mapped as a tree by the mapper: not a JSON
 * object, invalid JSON, a duplicate member name (the tree keeps the last value), a surrogate the codec writes
 * otherwise ({@link SurrogateScan}), or a declared schema a walk cannot check.
 *
 * <p>Lifecycle: {@link RecordMapper#writer()} for one page (or any run of records) by one thread; {@link #write} for
 * each Kinesis record in shard order; {@link #close()}. Not thread-safe.
 */
public final class RecordWriter implements AutoCloseable {
  /** At most this many payload member names are kept encoded (see {@link #encoded}). */
  private static final int CACHED_NAMES = 4096;
  private static final JsonFactory PARSERS = ProtocolCodec.mapper().getFactory();
  /** Writes supplementary characters as UTF-8 (not as two escapes), as the codec's text written as UTF-8 has them. */
  private static final JsonFactory GENERATORS = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
      .build();

  private final RecordMapper mapper;
  private final RecordShape shape;
  private final boolean flattened;
  private final SchemaConformance.Walk walk;
  private final Names names;
  private final ByteArrayBuilder buffer = new ByteArrayBuilder(4096);
  private final Map<String, SerializedString> encodedNames = new HashMap<>();
  private JsonGenerator generator;
  private Instant lastArrival;
  private String lastArrivalText;
  private int mappedAsTrees;

  RecordWriter(RecordMapper mapper) {
    this.mapper = mapper;
    this.shape = mapper.shape();
    this.flattened = shape.layout() == RecordLayout.FLATTENED;
    SchemaConformance declared = mapper.drift().declared();
    this.walk = declared.walkable() ? declared.walk() : null;
    this.names = new Names(shape);
  }

  /**
   * Appends to {@code out} the user records of {@code record} from sub-sequence number {@code firstSubSequence} on,
   * in order.
   *
   * @param users the user records of {@code record} if it is a KPL aggregate, empty if it is a plain record
   */
  public void write(String shardId, KinesisRecord record, Optional<List<UserRecord>> users, long firstSubSequence,
      List<MappedRecord> out) {
    List<UserRecord> parts = RecordMapper.userRecords(record, users);
    for (int i = (int) Math.min(firstSubSequence, parts.size()); i < parts.size(); i++) {
      UserRecord user = parts.get(i);
      out.add(write(shardId, record, i, user.partitionKey(), user.explicitHashKey(), user.data(),
          i == parts.size() - 1));
    }
  }

  /** How many records so far were mapped as trees, not streamed. */
  int mappedAsTrees() {
    return mappedAsTrees;
  }

  @Override
  public void close() {
    if (generator != null) {
      try {
        generator.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      generator = null;
    }
  }

  private MappedRecord write(String shardId, KinesisRecord record, long sub, String partitionKey,
      String explicitHashKey, byte[] payload, boolean last) {
    boolean object = shape.parseJson() && RecordMapper.mayBeObject(payload);
    if (walk != null && !SurrogateScan.forcesTree(object, payload, partitionKey, explicitHashKey)) {
      try {
        byte[] json = streamed(shardId, record, sub, partitionKey, explicitHashKey, payload, object);
        return new MappedRecord(record.sequenceNumber(), sub, last, json, shape.parseJson() && !object,
            payload.length);
      } catch (IOException | RuntimeException e) {
        // Not exactly reproducible as a stream (see the class comment): the tree decides.
        close();
      }
    }
    mappedAsTrees++;
    return mapper.mapAsTree(shardId, record, sub, partitionKey, explicitHashKey, payload, last);
  }

  /** The record's data, streamed; {@code object}: the payload is to be copied as a JSON object (else base64). */
  private byte[] streamed(String shardId, KinesisRecord record, long sub, String partitionKey,
      String explicitHashKey, byte[] payload, boolean object) throws IOException {
    JsonGenerator g = generator();
    buffer.reset();
    walk.start();
    g.writeStartObject();
    walk.startObject();
    if (object && flattened) {
      try (JsonParser p = parser(payload)) {
        copyMembers(p, g, true);
        requireEnd(p);
      }
    }
    metadata(g, names.messageId, EnvelopeFields.messageId(shardId, record.sequenceNumber(), sub));
    metadata(g, names.shardId, shardId);
    metadata(g, names.sequenceNumber, record.sequenceNumber());
    g.writeFieldName(names.subSequenceNumber);
    walk.field(names.subSequenceNumber.getValue());
    g.writeNumber(sub);
    walk.scalar(Type.INTEGER);
    metadata(g, names.partitionKey, partitionKey);
    metadata(g, names.arrival, arrival(record.approximateArrivalTimestamp()));
    if (explicitHashKey != null) {
      metadata(g, names.explicitHashKey, explicitHashKey);
    }
    if (!object) {
      metadata(g, names.dataBase64, Base64.getEncoder().encodeToString(payload));
    } else if (!flattened) {
      g.writeFieldName(names.data);
      walk.field(names.data.getValue());
      try (JsonParser p = parser(payload)) {
        copyValue(p, g, p.nextToken());
        requireEnd(p);
      }
    }
    g.writeEndObject();
    walk.endObject();
    g.flush();
    byte[] json = buffer.toByteArray();
    if (!walk.matches()) {
      mapper.drift().mismatched(() -> tree(json));
    }
    return json;
  }

  private JsonGenerator generator() throws IOException {
    if (generator == null) {
      generator = GENERATORS.createGenerator(buffer).setRootValueSeparator(null);
    }
    return generator;
  }

  /** A parser of the payload that rejects duplicate member names, which a tree would merge. */
  private static JsonParser parser(byte[] payload) throws IOException {
    JsonParser p = PARSERS.createParser(payload);
    p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return p;
  }

  /** Copies the members of the object at the parser's next token, renaming top-level ones if asked. */
  private void copyMembers(JsonParser p, JsonGenerator g, boolean rename) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IllegalStateException("Not an object");
    }
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (rename && name.startsWith(RecordShape.METADATA_PREFIX)) {
        name = RecordShape.flattenedPayloadField(name);
        g.writeFieldName(name);
      } else {
        g.writeFieldName(encoded(name));
      }
      walk.field(name);
      copyValue(p, g, p.nextToken());
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IllegalStateException("Unexpected " + t);
    }
  }

  /** Copies the value that starts at {@code first}, the parser's current token, without recursion. */
  private void copyValue(JsonParser p, JsonGenerator g, JsonToken first) throws IOException {
    JsonToken t = first;
    int depth = 0;
    while (true) {
      switch (t) {
        case START_OBJECT -> {
          g.writeStartObject();
          walk.startObject();
          depth++;
        }
        case END_OBJECT -> {
          g.writeEndObject();
          walk.endObject();
          depth--;
        }
        case START_ARRAY -> {
          g.writeStartArray();
          walk.startArray();
          depth++;
        }
        case END_ARRAY -> {
          g.writeEndArray();
          walk.endArray();
          depth--;
        }
        case FIELD_NAME -> {
          String name = p.currentName();
          g.writeFieldName(encoded(name));
          walk.field(name);
        }
        case VALUE_STRING -> {
          if (walk.wantsText()) {
            String text = p.getText();
            g.writeString(text);
            walk.string(text);
          } else {
            g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            walk.string(null);
          }
        }
        case VALUE_NUMBER_INT -> {
          writeInteger(p, g);
          walk.scalar(Type.INTEGER);
        }
        case VALUE_NUMBER_FLOAT -> {
          writeDecimal(p, g);
          walk.scalar(Type.NUMBER);
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          g.writeBoolean(t == JsonToken.VALUE_TRUE);
          walk.scalar(Type.BOOLEAN);
        }
        case VALUE_NULL -> {
          g.writeNull();
          walk.scalar(Type.NULL);
        }
        default -> throw new IllegalStateException("Unexpected " + t);
      }
      if (depth == 0) {
        return;
      }
      t = p.nextToken();
    }
  }

  /**
   * {@code name} quoted and encoded as UTF-8, from a cache: payloads repeat their member names, so each is escaped
   * once rather than per record. Bounded: emptied when it holds {@link #CACHED_NAMES} names.
   */
  private SerializedString encoded(String name) {
    SerializedString known = encodedNames.get(name);
    if (known == null) {
      if (encodedNames.size() == CACHED_NAMES) {
        encodedNames.clear();
      }
      known = new SerializedString(name);
      encodedNames.put(name, known);
    }
    return known;
  }

  /** JSON integers are canonical digits but for {@code -0}, which the codec writes as {@code 0}. */
  private static void writeInteger(JsonParser p, JsonGenerator g) throws IOException {
    char[] text = p.getTextCharacters();
    int offset = p.getTextOffset();
    int length = p.getTextLength();
    if (length == 2 && text[offset] == '-' && text[offset + 1] == '0') {
      g.writeNumber(0);
    } else {
      g.writeNumber(text, offset, length);
    }
  }

  /** A decimal as the codec writes the {@link java.math.BigDecimal} it reads: as given when that is the same. */
  private static void writeDecimal(JsonParser p, JsonGenerator g) throws IOException {
    char[] text = p.getTextCharacters();
    int offset = p.getTextOffset();
    int length = p.getTextLength();
    if (DecimalSpelling.isCanonical(text, offset, length)) {
      g.writeNumber(text, offset, length);
    } else {
      g.writeNumber(p.getDecimalValue());
    }
  }

  private void metadata(JsonGenerator g, SerializedString name, String value) throws IOException {
    g.writeFieldName(name);
    walk.field(name.getValue());
    g.writeString(value);
    walk.string(value);
  }

  /** The arrival time as the tree writes it; records of a page often share it. */
  private String arrival(Instant arrival) {
    if (!arrival.equals(lastArrival)) {
      lastArrival = arrival;
      lastArrivalText = arrival.toString();
    }
    return lastArrivalText;
  }

  private static void requireEnd(JsonParser p) throws IOException {
    if (p.nextToken() != null) {
      throw new IllegalStateException("Trailing content");
    }
  }

  private static JsonNode tree(byte[] json) {
    try {
      return ProtocolCodec.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record's field names for a shape, encoded once. */
  private static final class Names {
    final SerializedString messageId;
    final SerializedString shardId;
    final SerializedString sequenceNumber;
    final SerializedString subSequenceNumber;
    final SerializedString partitionKey;
    final SerializedString arrival;
    final SerializedString explicitHashKey;
    final SerializedString dataBase64;
    final SerializedString data = new SerializedString(EnvelopeFields.DATA);

    Names(RecordShape shape) {
      messageId = new SerializedString(shape.metadata(EnvelopeFields.MESSAGE_ID));
      shardId = new SerializedString(shape.metadata(EnvelopeFields.SHARD_ID));
      sequenceNumber = new SerializedString(shape.metadata(EnvelopeFields.SEQUENCE_NUMBER));
      subSequenceNumber = new SerializedString(shape.metadata(EnvelopeFields.SUB_SEQUENCE_NUMBER));
      partitionKey = new SerializedString(shape.metadata(EnvelopeFields.PARTITION_KEY));
      arrival = new SerializedString(shape.metadata(EnvelopeFields.APPROXIMATE_ARRIVAL_TIMESTAMP));
      explicitHashKey = new SerializedString(shape.metadata(EnvelopeFields.EXPLICIT_HASH_KEY));
      dataBase64 = new SerializedString(shape.metadata(EnvelopeFields.DATA_BASE64));
    }
  }
}
