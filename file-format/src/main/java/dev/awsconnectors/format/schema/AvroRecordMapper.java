package dev.awsconnectors.format.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.format.AirbyteColumns;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.StreamSchema;
import dev.awsconnectors.format.schema.ContainerConverters.ArrayConverter;
import dev.awsconnectors.format.schema.ContainerConverters.MapConverter;
import dev.awsconnectors.format.schema.ContainerConverters.RecordConverter;
import dev.awsconnectors.format.schema.ContainerConverters.Slot;
import dev.awsconnectors.format.schema.ContainerConverters.UnionConverter;
import dev.awsconnectors.format.schema.ValueType.ArrayType;
import dev.awsconnectors.format.schema.ValueType.Field;
import dev.awsconnectors.format.schema.ValueType.MapType;
import dev.awsconnectors.format.schema.ValueType.RecordType;
import dev.awsconnectors.format.schema.ValueType.Scalar;
import dev.awsconnectors.format.schema.ValueType.UnionType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * The Avro schema of one stream's files (the Airbyte columns, the schema's properties as typed fields, then
 * {@code _airbyte_additional_properties}) and the conversion of its records into that schema. Built once per stream;
 * converting a record never throws on its data. Not thread-safe: one per writer thread.
 */
public final class AvroRecordMapper {
  /** Prefix of a field's {@code doc} that keeps its original name when the Avro name differs, as Airbyte does. */
  public static final String ORIGINAL_NAME_DOC = "_airbyte_original_name:";

  private static final Schema NULL = Schema.create(Schema.Type.NULL);
  private static final Schema STRING = Schema.create(Schema.Type.STRING);
  private static final Schema LONG = Schema.create(Schema.Type.LONG);
  private static final Schema ADDITIONAL = nullable(Schema.createMap(STRING));
  private static final Set<String> PRIMITIVE_NAMES =
      Set.of("null", "boolean", "int", "long", "float", "double", "bytes", "string");

  private final Schema schema;
  private final RecordConverter data;
  private final AirbyteColumns columns;
  private final Schema metaSchema;
  private final Schema changeSchema;
  private final Long generationId;
  private final Long syncId;
  private final Conversion conversion = new Conversion();

  private AvroRecordMapper(Schema schema, RecordConverter data, StreamSchema stream, Schema metaSchema,
      Schema changeSchema) {
    this.schema = schema;
    this.data = data;
    this.columns = stream.columns();
    this.metaSchema = metaSchema;
    this.changeSchema = changeSchema;
    this.generationId = stream.generationId();
    this.syncId = stream.syncId();
  }

  /** Converts {@code stream}'s JSON schema. */
  public static AvroRecordMapper create(StreamSchema stream) {
    RecordType type = JsonSchemaTypes.recordOf(stream.jsonSchema());
    try {
      return new Builder(stream).build(type);
    } catch (RuntimeException e) {
      throw new SystemErrorException("Could not derive the Avro schema of stream " + stream.stream() + ": "
          + e.getMessage(), e, stream.stream());
    }
  }

  public Schema schema() {
    return schema;
  }

  /** Values so far that did not fit their type (nulled, or kept as text in a string column). */
  public long coercedValues() {
    return conversion.coerced();
  }

  /** The Avro record of {@code record}. Never throws on the record's data. */
  public GenericData.Record map(OutputRecord record) {
    conversion.reset();
    GenericData.Record out = new GenericData.Record(schema);
    out.put(0, record.rawId().toString());
    out.put(1, record.emittedAt());
    JsonNode json = record.data();
    if (json != null && json.isObject()) {
      data.fill(out, json, conversion);
    } else if (json != null && !json.isNull()) {
      conversion.push(AirbyteColumns.DATA);
      conversion.misfit();
      conversion.pop();
      Map<String, String> whole = new LinkedHashMap<>();
      whole.put(AirbyteColumns.DATA, ProtocolCodec.serialize(json));
      out.put(schema.getFields().size() - 1, whole);
    }
    if (columns == AirbyteColumns.V2) {
      out.put(2, meta(record));
      out.put(3, generationId);
    }
    return out;
  }

  private GenericData.Record meta(OutputRecord record) {
    List<GenericData.Record> changes = new ArrayList<>();
    if (record.meta() != null && record.meta().changes() != null) {
      for (AirbyteRecordMessageMetaChange change : record.meta().changes()) {
        changes.add(change(change));
      }
    }
    for (AirbyteRecordMessageMetaChange change : conversion.changes()) {
      changes.add(change(change));
    }
    GenericData.Record meta = new GenericData.Record(metaSchema);
    meta.put(0, syncId);
    meta.put(1, changes);
    return meta;
  }

  private GenericData.Record change(AirbyteRecordMessageMetaChange change) {
    GenericData.Record out = new GenericData.Record(changeSchema);
    out.put(0, change.field());
    out.put(1, change.change() == null ? null : change.change().name());
    out.put(2, change.reason() == null ? null : change.reason().name());
    return out;
  }

  static Schema nullable(Schema schema) {
    return Schema.createUnion(NULL, schema);
  }

  private static Schema.Field optional(String name, Schema schema, String doc) {
    return new Schema.Field(name, nullable(schema), doc, JsonProperties.NULL_VALUE);
  }

  private static String fullName(String namespace, String name) {
    return namespace == null ? name : namespace + "." + name;
  }

  /** A converted type: its (non-null) Avro schema and the converter of its values. */
  private record Mapped(Schema schema, ValueConverter converter) {}

  /** Builds the schema and converters in one pass; named types are named after their path, so never collide. */
  private static final class Builder {
    private final StreamSchema stream;

    Builder(StreamSchema stream) {
      this.stream = stream;
    }

    AvroRecordMapper build(RecordType type) {
      String namespace = AvroNames.namespace(stream.stream().namespace());
      String name = AvroNames.sanitize(stream.stream().name());
      if (namespace == null && PRIMITIVE_NAMES.contains(name)) {
        name = name + "_"; // Avro refuses a schema whose full name is a primitive type's
      }
      String full = fullName(namespace, name);
      AirbyteColumns columns = stream.columns();
      List<Schema.Field> fields = new ArrayList<>();
      fields.add(new Schema.Field(columns.idColumn(), LogicalTypes.uuid().addToSchema(Schema.create(
          Schema.Type.STRING)), null, null));
      fields.add(new Schema.Field(columns.timestampColumn(), LogicalTypes.timestampMillis().addToSchema(
          Schema.create(Schema.Type.LONG)), null, null));
      Schema metaSchema = null;
      Schema changeSchema = null;
      if (columns == AirbyteColumns.V2) {
        changeSchema = Schema.createRecord("change", null, full + "._airbyte_meta", false, List.of(
            optional("field", STRING, null), optional("change", STRING, null), optional("reason", STRING, null)));
        metaSchema = Schema.createRecord("_airbyte_meta", null, full, false, List.of(
            optional("sync_id", LONG, null),
            new Schema.Field("changes", Schema.createArray(changeSchema), null, null)));
        fields.add(new Schema.Field("_airbyte_meta", metaSchema, null, null));
        fields.add(optional("_airbyte_generation_id", LONG, null));
      }
      List<String> reserved = new ArrayList<>(columns.columnNames());
      reserved.add(AirbyteColumns.ADDITIONAL_PROPERTIES);
      Schema schema = Schema.createRecord(name, null, namespace, false);
      RecordConverter converter = record(type, schema, full, fields, reserved);
      return new AvroRecordMapper(schema, converter, stream, metaSchema, changeSchema);
    }

    /** Adds {@code type}'s fields after {@code leading} and the additional-properties map to {@code schema}. */
    private RecordConverter record(RecordType type, Schema schema, String full, List<Schema.Field> leading,
        List<String> reserved) {
      List<String> originals = type.fields().stream().map(Field::name).toList();
      List<String> names = AvroNames.assign(originals, reserved);
      List<Schema.Field> fields = new ArrayList<>(leading);
      Map<String, Slot> slots = new HashMap<>();
      for (int i = 0; i < originals.size(); i++) {
        String original = originals.get(i);
        String name = names.get(i);
        Mapped mapped = map(type.fields().get(i).type(), full, name);
        String doc = name.equals(original) ? null : ORIGINAL_NAME_DOC + original;
        slots.put(original, new Slot(fields.size(), mapped.converter()));
        fields.add(optional(name, mapped.schema(), doc));
      }
      int additional = fields.size();
      fields.add(new Schema.Field(AirbyteColumns.ADDITIONAL_PROPERTIES, ADDITIONAL, null,
          JsonProperties.NULL_VALUE));
      schema.setFields(fields);
      return new RecordConverter(schema, slots, additional);
    }

    private Mapped map(ValueType type, String namespace, String name) {
      if (type instanceof Scalar scalar) {
        return new Mapped(scalarSchema(scalar), ScalarConverters.of(scalar.kind()));
      }
      String full = fullName(namespace, name);
      if (type instanceof RecordType record) {
        Schema schema = Schema.createRecord(name, null, namespace, false);
        RecordConverter converter = record(record, schema, full, List.of(),
            List.of(AirbyteColumns.ADDITIONAL_PROPERTIES));
        return new Mapped(schema, converter);
      }
      if (type instanceof ArrayType array) {
        Mapped items = map(array.items(), full, "items");
        return new Mapped(Schema.createArray(nullable(items.schema())), new ArrayConverter(items.converter()));
      }
      if (type instanceof MapType map) {
        Mapped values = map(map.values(), full, "values");
        return new Mapped(Schema.createMap(nullable(values.schema())), new MapConverter(values.converter()));
      }
      UnionType union = (UnionType) type;
      List<Schema.Field> fields = new ArrayList<>();
      fields.add(new Schema.Field("type", STRING, "The member that holds the value", null));
      List<String> names = new ArrayList<>();
      List<ValueConverter> converters = new ArrayList<>();
      for (ValueType member : union.members()) {
        Mapped mapped = map(member, full, member.memberName());
        names.add(member.memberName());
        converters.add(mapped.converter());
        fields.add(optional(member.memberName(), mapped.schema(), null));
      }
      Schema schema = Schema.createRecord(name, null, namespace, false, fields);
      return new Mapped(schema, new UnionConverter(schema, names, converters));
    }

    private static Schema scalarSchema(Scalar scalar) {
      return switch (scalar.kind()) {
        case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
        case INTEGER -> Schema.create(Schema.Type.LONG);
        case NUMBER -> Schema.create(Schema.Type.DOUBLE);
        case DATE -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
        case TIMESTAMP_WITH_TIMEZONE -> LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
        case TIMESTAMP_WITHOUT_TIMEZONE ->
            LogicalTypes.localTimestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
        case TIME_WITH_TIMEZONE, TIME_WITHOUT_TIMEZONE ->
            LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
        case STRING, JSON -> Schema.create(Schema.Type.STRING);
      };
    }
  }
}
