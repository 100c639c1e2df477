package dev.awsconnectors.source.kinesis.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the sampled values at one place of the payload (a field, array items) were: how many of each JSON type, the
 * fields of the objects (in the order first seen) and the items of the arrays, recursively. Memory is bounded by
 * {@link #MAX_FIELDS} per object and {@link #MAX_DEPTH}: an object with more distinct fields (a map keyed by ids)
 * or deeper nesting is declared as an object without properties instead.
 */
final class ValueTally {
  /** Above this many distinct fields, an object is treated as a map and declared without properties. */
  static final int MAX_FIELDS = 1_000;
  /** Objects and arrays nested deeper than this are declared without properties or items. */
  static final int MAX_DEPTH = 32;

  private final int depth;
  private long nulls;
  private long booleans;
  private long integers;
  private long bigIntegers;
  private long decimals;
  private long strings;
  /** The one temporal kind of every string so far; null when there is none (or no string yet). */
  private TemporalKind temporal;
  private boolean stringsAllTemporal = true;
  private long objects;
  private Map<String, Field> fields = new LinkedHashMap<>();
  private boolean fieldsOverflowed;
  private long arrays;
  private ValueTally items;

  /** A field of the objects seen here, with the number of objects that had it. */
  private static final class Field {
    final ValueTally value;
    long present;

    Field(ValueTally value) {
      this.value = value;
    }
  }

  ValueTally(int depth) {
    this.depth = depth;
  }

  void observe(JsonNode value) {
    switch (value.getNodeType()) {
      case NULL, MISSING -> nulls++;
      case BOOLEAN -> booleans++;
      case NUMBER -> observeNumber(value);
      case STRING -> observeString(value.textValue());
      case OBJECT -> observeObject(value);
      case ARRAY -> observeArray(value);
      default -> strings++; // BINARY and POJO do not come out of a JSON parser; count them as text
    }
  }

  private void observeNumber(JsonNode value) {
    if (!value.isIntegralNumber()) {
      decimals++;
    } else if (value.canConvertToLong()) {
      integers++;
    } else {
      bigIntegers++;
    }
  }

  private void observeString(String text) {
    strings++;
    if (!stringsAllTemporal) {
      return;
    }
    Optional<TemporalKind> kind = TemporalKind.of(text);
    if (kind.isEmpty() || (temporal != null && temporal != kind.get())) {
      stringsAllTemporal = false;
      temporal = null;
    } else {
      temporal = kind.get();
    }
  }

  private void observeObject(JsonNode value) {
    objects++;
    if (fieldsOverflowed || depth >= MAX_DEPTH) {
      return;
    }
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      Field field = field(entry.getKey());
      if (field == null) {
        return;
      }
      field.present++;
      field.value.observe(entry.getValue());
    }
  }

  private void observeArray(JsonNode value) {
    arrays++;
    if (depth >= MAX_DEPTH) {
      return;
    }
    for (JsonNode item : value) {
      if (items == null) {
        items = new ValueTally(depth + 1);
      }
      items.observe(item);
    }
  }

  /**
   * Adds what {@code other} observed, as if its values had been observed here after this one's: fields new to this
   * tally come after its own, in {@code other}'s order.
   */
  void merge(ValueTally other) {
    nulls += other.nulls;
    booleans += other.booleans;
    integers += other.integers;
    bigIntegers += other.bigIntegers;
    decimals += other.decimals;
    if (other.strings > 0) {
      if (strings == 0) {
        stringsAllTemporal = other.stringsAllTemporal;
        temporal = other.temporal;
      } else if (!other.stringsAllTemporal || temporal != other.temporal) {
        stringsAllTemporal = false;
        temporal = null;
      }
      strings += other.strings;
    }
    objects += other.objects;
    if (other.fieldsOverflowed) {
      overflowFields();
    }
    for (Map.Entry<String, Field> entry : other.fields.entrySet()) {
      Field field = field(entry.getKey());
      if (field == null) {
        break;
      }
      field.present += entry.getValue().present;
      field.value.merge(entry.getValue().value);
    }
    arrays += other.arrays;
    if (other.items != null) {
      if (items == null) {
        items = new ValueTally(depth + 1);
      }
      items.merge(other.items);
    }
  }

  /** The tally of field {@code name}, added if new; null once the objects here have too many fields. */
  private Field field(String name) {
    Field field = fields.get(name);
    if (field == null && !fieldsOverflowed) {
      if (fields.size() >= MAX_FIELDS) {
        overflowFields();
        return null;
      }
      field = new Field(new ValueTally(depth + 1));
      fields.put(name, field);
    }
    return field;
  }

  private void overflowFields() {
    fieldsOverflowed = true;
    fields = Map.of();
  }

  private long observations() {
    return nulls + booleans + integers + bigIntegers + decimals + strings + objects + arrays;
  }

  /**
   * The JSON schema of the values seen here. {@code absentSometimes}: the field was missing from some objects,
   * which makes it nullable as a null would.
   */
  ObjectNode toSchema(boolean absentSometimes) {
    ObjectNode schema = ProtocolCodec.mapper().createObjectNode();
    ArrayNode types = ProtocolCodec.mapper().createArrayNode();
    if (nulls > 0 || absentSometimes) {
      types.add("null");
    }
    if (booleans > 0) {
      types.add("boolean");
    }
    String numberAirbyteType = null;
    if (decimals > 0) {
      types.add("number");
    } else if (bigIntegers > 0) {
      // Integers beyond 64 bits: Airbyte's big_integer keeps every digit where an integer column would overflow.
      types.add("number");
      numberAirbyteType = "big_integer";
    } else if (integers > 0) {
      types.add("integer");
    }
    if (strings > 0) {
      types.add("string");
    }
    if (arrays > 0) {
      types.add("array");
    }
    if (objects > 0) {
      types.add("object");
    }
    if (observations() == nulls) {
      return schema; // only nulls (or nothing): the type is unknown, so any value is declared valid
    }
    schema.set("type", types.size() == 1 ? types.get(0) : types);
    if (numberAirbyteType != null) {
      schema.put("airbyte_type", numberAirbyteType);
    } else if (strings > 0 && temporal != null) {
      temporal.annotate(schema);
    }
    if (items != null) {
      schema.set("items", items.toSchema(false));
    }
    if (objects > 0) {
      schema.put("additionalProperties", true);
      if (!fieldsOverflowed && depth < MAX_DEPTH && !fields.isEmpty()) {
        ObjectNode properties = schema.putObject("properties");
        fields.forEach((name, field) -> properties.set(name, field.value.toSchema(field.present < objects)));
      }
    }
    return schema;
  }
}
