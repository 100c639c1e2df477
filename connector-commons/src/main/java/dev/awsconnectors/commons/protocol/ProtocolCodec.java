package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * The one JSON codec for protocol messages and for JSON values in general.
 *
 * <p>Enum values this version does not know never fail a read: a {@link ProtocolEnum} keeps them, a closed enum with
 * a protocol default reads them as the default; a reader made with an {@link UnknownValueListener} is told of each.
 *
 * <p>Numbers keep their exact value and spelling: floats are read as {@code BigDecimal} with trailing zeros kept
 * ({@code 3.0} stays {@code 3.0}, {@code 0.1} stays exact) and integers beyond 64 bits as {@code BigInteger}. Parse
 * errors never quote the input (a config file may hold secrets).
 */
public final class ProtocolCodec {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(protocolValues())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();
  /** Two messages on one line are a malformed line, not one message and something ignored. */
  private static final ObjectReader MESSAGE_READER = MAPPER.readerFor(AirbyteMessage.class)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectWriter MESSAGE_WRITER = MAPPER.writerFor(AirbyteMessage.class);

  private ProtocolCodec() {}

  /** The shared, immutable-once-built mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static AirbyteMessage parseMessage(String line) throws JsonProcessingException {
    return MESSAGE_READER.readValue(line);
  }

  /** A reader of {@link AirbyteMessage} lines that tells {@code listener} of every enum value it does not know. */
  public static ObjectReader messageReader(UnknownValueListener listener) {
    return MESSAGE_READER.withAttribute(UnknownValueListener.class, listener);
  }

  /** One message as one line of JSON, without the line break. */
  public static String serialize(AirbyteMessage message) {
    try {
      return MESSAGE_WRITER.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String serialize(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode readTree(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }

  /** For JSON literals in code, which cannot be malformed. */
  public static JsonNode readTreeUnchecked(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Malformed JSON literal", e);
    }
  }

  public static <T> T convert(JsonNode node, Class<T> type) throws JsonProcessingException {
    return MAPPER.treeToValue(node, type);
  }

  /** {@link #convert(JsonNode, Class)}, telling {@code listener} of every enum value it does not know. */
  public static <T> T convert(JsonNode node, Class<T> type, UnknownValueListener listener)
      throws JsonProcessingException {
    try {
      return MAPPER.readerFor(type).withAttribute(UnknownValueListener.class, listener).readValue(node);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) { // a tree is in memory: nothing to read can fail
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  private static SimpleModule protocolValues() {
    SimpleModule module = new SimpleModule("protocol-values");
    add(module, AirbyteMessage.Type.class, AirbyteMessage.Type::of);
    add(module, AirbyteTraceMessage.Type.class, AirbyteTraceMessage.Type::of);
    add(module, AirbyteErrorTraceMessage.FailureType.class, AirbyteErrorTraceMessage.FailureType::of);
    add(module, AirbyteEstimateTraceMessage.Type.class, AirbyteEstimateTraceMessage.Type::of);
    add(module, AirbyteStreamStatusTraceMessage.AirbyteStreamStatus.class,
        AirbyteStreamStatusTraceMessage.AirbyteStreamStatus::of);
    add(module, AirbyteStreamStatusReason.Type.class, AirbyteStreamStatusReason.Type::of);
    add(module, AirbyteStateType.class, AirbyteStateType::of);
    add(module, AirbyteRecordMessageMetaChange.Change.class, AirbyteRecordMessageMetaChange.Change::of);
    add(module, AirbyteRecordMessageMetaChange.Reason.class, AirbyteRecordMessageMetaChange.Reason::of);
    add(module, AirbyteLogMessage.Level.class, AirbyteLogMessage.Level::of);
    add(module, AirbyteConnectionStatus.Status.class, AirbyteConnectionStatus.Status::of);
    add(module, AirbyteControlMessage.Type.class, AirbyteControlMessage.Type::of);
    module.addDeserializer(SyncMode.class,
        new ProtocolValueDeserializer<>(SyncMode.class, SyncMode::fromWire, SyncMode.DEFAULT));
    module.addDeserializer(DestinationSyncMode.class, new ProtocolValueDeserializer<>(DestinationSyncMode.class,
        DestinationSyncMode::fromWire, DestinationSyncMode.DEFAULT));
    return module;
  }

  private static <V extends ProtocolEnum<?>> void add(SimpleModule module, Class<V> type,
      Function<String, V> of) {
    module.addDeserializer(type, new ProtocolValueDeserializer<>(type, of, null));
  }
}
