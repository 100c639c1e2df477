package dev.awsconnectors.format.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** Converters of records, arrays, maps and unions. */
final class ContainerConverters {
  private ContainerConverters() {}

  /** One declared field of a record: its position in the Avro record and its converter. */
  record Slot(int position, ValueConverter converter) {}

  /**
   * An object with declared properties. Undeclared properties, and declared ones whose value (or part of it, inside
   * arrays, maps and unions) did not fit, are kept as JSON text in the record's additional-properties map under their
   * original names.
   */
  static final class RecordConverter implements ValueConverter {
    private final Schema schema;
    private final Map<String, Slot> slots;
    private final int additionalPosition;

    RecordConverter(Schema schema, Map<String, Slot> slots, int additionalPosition) {
      this.schema = schema;
      this.slots = Map.copyOf(slots);
      this.additionalPosition = additionalPosition;
    }

    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      if (!value.isObject()) {
        return conversion.misfit();
      }
      GenericData.Record record = new GenericData.Record(schema);
      fill(record, value, conversion);
      return record;
    }

    /** Sets the declared fields and the additional-properties map of {@code record} from {@code object}. */
    void fill(GenericData.Record record, JsonNode object, Conversion conversion) {
      Map<String, String> additional = null;
      for (Map.Entry<String, JsonNode> property : object.properties()) {
        String name = property.getKey();
        JsonNode value = property.getValue();
        Slot slot = slots.get(name);
        if (slot == null) {
          additional = put(additional, name, value);
          continue;
        }
        if (value == null || value.isNull()) {
          continue;
        }
        conversion.push(name);
        conversion.unabsorbed = false;
        Object datum = slot.converter().convert(value, conversion);
        if (conversion.unabsorbed) {
          additional = put(additional, name, value);
          conversion.unabsorbed = false;
        }
        conversion.pop();
        record.put(slot.position(), datum);
      }
      record.put(additionalPosition, additional);
    }

    private static Map<String, String> put(Map<String, String> map, String name, JsonNode value) {
      Map<String, String> m = map == null ? new LinkedHashMap<>() : map;
      m.put(name, ProtocolCodec.serialize(value));
      return m;
    }

    @Override
    public boolean fits(JsonNode value) {
      return value.isObject();
    }
  }

  static final class ArrayConverter implements ValueConverter {
    private final ValueConverter items;

    ArrayConverter(ValueConverter items) {
      this.items = items;
    }

    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      if (!value.isArray()) {
        return conversion.misfit();
      }
      List<Object> list = new ArrayList<>(value.size());
      boolean unabsorbed = false;
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        if (item == null || item.isNull()) {
          list.add(null);
          continue;
        }
        conversion.push(i);
        list.add(items.convert(item, conversion));
        unabsorbed |= conversion.unabsorbed;
        conversion.unabsorbed = false;
        conversion.pop();
      }
      conversion.unabsorbed = unabsorbed;
      return list;
    }

    @Override
    public boolean fits(JsonNode value) {
      if (!value.isArray()) {
        return false;
      }
      for (JsonNode item : value) {
        if (!item.isNull() && !items.fits(item)) {
          return false;
        }
      }
      return true;
    }
  }

  static final class MapConverter implements ValueConverter {
    private final ValueConverter values;

    MapConverter(ValueConverter values) {
      this.values = values;
    }

    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      if (!value.isObject()) {
        return conversion.misfit();
      }
      Map<String, Object> map = new HashMap<>(Math.max(4, value.size() * 2));
      boolean unabsorbed = false;
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        JsonNode item = entry.getValue();
        if (item == null || item.isNull()) {
          map.put(entry.getKey(), null);
          continue;
        }
        conversion.push(entry.getKey());
        map.put(entry.getKey(), values.convert(item, conversion));
        unabsorbed |= conversion.unabsorbed;
        conversion.unabsorbed = false;
        conversion.pop();
      }
      conversion.unabsorbed = unabsorbed;
      return map;
    }

    @Override
    public boolean fits(JsonNode value) {
      if (!value.isObject()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        if (!entry.getValue().isNull() && !values.fits(entry.getValue())) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * A union as a record {@code {type, <member>...}}: {@code type} names the member that holds the value, the other
   * members are null. The first member (in {@link JsonSchemaTypes#MEMBER_ORDER}) the value fits is chosen; if none
   * fits, an array or object goes to the array or object member (its misfit parts nulled), then the string member
   * takes the value's JSON text if there is one; otherwise the value does not fit.
   */
  static final class UnionConverter implements ValueConverter {
    private final Schema schema;
    private final String[] names;
    private final ValueConverter[] members;
    private final int stringMember;

    UnionConverter(Schema schema, List<String> names, List<ValueConverter> members) {
      this.schema = schema;
      this.names = names.toArray(String[]::new);
      this.members = members.toArray(ValueConverter[]::new);
      this.stringMember = names.indexOf("string");
    }

    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      int chosen = -1;
      for (int i = 0; i < members.length && chosen < 0; i++) {
        if (members[i].fits(value)) {
          chosen = i;
        }
      }
      if (chosen < 0 && (value.isArray() || value.isObject())) {
        // The right shape with some parts that do not fit: those parts are nulled, the rest kept typed.
        chosen = indexOf(value.isArray() ? "array" : "object");
      }
      if (chosen < 0) {
        chosen = stringMember;
        if (chosen < 0) {
          return conversion.misfit();
        }
      }
      GenericData.Record record = new GenericData.Record(schema);
      record.put(0, names[chosen]);
      record.put(chosen + 1, members[chosen].convert(value, conversion));
      return record;
    }

    private int indexOf(String name) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public boolean fits(JsonNode value) {
      for (ValueConverter member : members) {
        if (member.fits(value)) {
          return true;
        }
      }
      return stringMember >= 0;
    }
  }
}
