package dev.awsconnectors.destination.kinesis.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * The bridge between a record's JSON and Liquid. {@link #value} shows a JSON value to a template without copying it
 * (objects as read-only maps, arrays as read-only lists, numbers as the {@code BigDecimal}/{@code Long}/
 * {@code BigInteger} the record holds); {@link #FILTER} is the {@code json} filter, which writes any template value as
 * JSON text: strings quoted and escaped, objects and arrays as JSON, numbers with the record's exact spelling.
 */
final class LiquidJson {
  private static final ObjectMapper MAPPER = ProtocolCodec.mapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

  /** {@code {{ value | json }}}. */
  static final Filter FILTER = new Filter("json") {
    @Override
    public Object apply(Object value, TemplateContext context, Object... params) {
      return toJson(value);
    }
  };

  private LiquidJson() {}

  /** The template's view of a JSON value; {@code null} for an absent value or JSON null. */
  static Object value(JsonNode node) {
    if (node == null) {
      return null;
    }
    return switch (node.getNodeType()) {
      case OBJECT -> new ObjectView((ObjectNode) node);
      case ARRAY -> new ArrayView((ArrayNode) node);
      case STRING -> node.textValue();
      case BOOLEAN -> node.booleanValue();
      case NUMBER -> number(node);
      case NULL, MISSING -> null;
      case BINARY, POJO -> node.asText();
    };
  }

  private static Object number(JsonNode node) {
    if (node.isBigDecimal()) {
      return node.decimalValue();
    }
    if (node.isBigInteger()) {
      return node.bigIntegerValue();
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    return node.doubleValue();
  }

  /** A template value as JSON text. */
  static String toJson(Object value) {
    // The common scalars without a generator: this runs for every value of every record.
    if (value == null) {
      return "null";
    }
    if (value instanceof String text) {
      return quoted(text);
    }
    if (value instanceof BigDecimal || value instanceof BigInteger || value instanceof Long
        || value instanceof Integer || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof ObjectView object) {
      return object.toString();
    }
    if (value instanceof ArrayView array) {
      return json(array.node);
    }
    StringWriter out = new StringWriter(32);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** {@code text} as a JSON string; most texts need no escape and are only wrapped in quotes. */
  static String quoted(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return new StringBuilder(text.length() + 16).append('"').append(STRINGS.quoteAsString(text)).append('"')
            .toString();
      }
    }
    return "\"" + text + "\"";
  }

  private static String json(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof ObjectView object) {
      MAPPER.writeTree(g, object.node);
    } else if (value instanceof ArrayView array) {
      MAPPER.writeTree(g, array.node);
    } else if (value instanceof CharSequence text) {
      g.writeString(text.toString());
    } else if (value instanceof Boolean bool) {
      g.writeBoolean(bool);
    } else if (value instanceof BigDecimal decimal) {
      g.writeNumber(decimal);
    } else if (value instanceof BigInteger integer) {
      g.writeNumber(integer);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number number) {
      double d = number.doubleValue();
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeNull(); // JSON has no NaN or infinity
      }
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof Collection<?> list) {
      g.writeStartArray();
      for (Object element : list) {
        write(g, element);
      }
      g.writeEndArray();
    } else if (value instanceof Object[] array) {
      g.writeStartArray();
      for (Object element : array) {
        write(g, element);
      }
      g.writeEndArray();
    } else {
      g.writeString(String.valueOf(value)); // dates and other objects Liquid made: their text
    }
  }

  /** A JSON object as a read-only map, converting only the members a template reads. */
  static final class ObjectView extends AbstractMap<String, Object> {
    private final ObjectNode node;

    ObjectView(ObjectNode node) {
      this.node = node;
    }

    @Override
    public Object get(Object key) {
      return key instanceof String name ? value(node.get(name)) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String name && node.has(name);
    }

    @Override
    public int size() {
      return node.size();
    }

    /** {@code {{ row.customer }}} writes the object as JSON. */
    @Override
    public String toString() {
      return json(node);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return fields.hasNext();
            }

            @Override
            public Entry<String, Object> next() {
              Map.Entry<String, JsonNode> field = fields.next();
              return new SimpleImmutableEntry<>(field.getKey(), value(field.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return node.size();
        }
      };
    }
  }

  /** A JSON array as a read-only list. */
  static final class ArrayView extends AbstractList<Object> {
    private final ArrayNode node;

    ArrayView(ArrayNode node) {
      this.node = node;
    }

    @Override
    public Object get(int index) {
      return value(node.get(index));
    }

    @Override
    public int size() {
      return node.size();
    }
  }
}
