package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * Reads one protocol enum from its JSON string and never fails on a value this version does not know: a
 * {@link ProtocolEnum} keeps it, a closed Java enum reads it as the field's protocol default. Either way the
 * {@link UnknownValueListener} of the read (a context attribute) is told.
 */
final class ProtocolValueDeserializer<V> extends StdScalarDeserializer<V> {
  private final Function<String, V> of;
  private final V fallback;

  /**
   * @param of the value for a wire string: a known constant, an unknown {@link ProtocolEnum}, or {@code null} for an
   *     unknown value of a closed enum
   * @param fallback what an unknown value of a closed enum reads as ({@code null} for a {@link ProtocolEnum})
   */
  ProtocolValueDeserializer(Class<V> type, Function<String, V> of, V fallback) {
    super(type);
    this.of = of;
    this.fallback = fallback;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    String text = p.getValueAsString();
    if (text == null) {
      return (V) ctxt.handleUnexpectedToken(handledType(), p);
    }
    V value = of.apply(text);
    if (value == null) {
      listener(ctxt).unknownValue(path(p), text);
      return fallback;
    }
    if (value instanceof ProtocolEnum<?> e && !e.isKnown()) {
      listener(ctxt).unknownValue(path(p), text);
    }
    return value;
  }

  private static UnknownValueListener listener(DeserializationContext ctxt) {
    Object listener = ctxt.getAttribute(UnknownValueListener.class);
    return listener instanceof UnknownValueListener l ? l : UnknownValueListener.NONE;
  }

  /** The JSON pointer of the current value, with {@code *} for array positions. */
  private static String path(JsonParser p) {
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
      parts.addFirst(c.inArray() ? "*" : String.valueOf(c.getCurrentName()));
    }
    return "/" + String.join("/", parts);
  }
}
