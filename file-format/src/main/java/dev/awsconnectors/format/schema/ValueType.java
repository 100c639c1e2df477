package dev.awsconnectors.format.schema;

import java.util.List;

/**
 * The type of a value in a typed file (Avro, Parquet), derived once from a stream's JSON schema by
 * {@link JsonSchemaTypes}. Every value is nullable; names are still the JSON property names (Avro names are chosen
 * later by {@link AvroNames}).
 */
public sealed interface ValueType
    permits ValueType.Scalar, ValueType.RecordType, ValueType.ArrayType, ValueType.MapType, ValueType.UnionType {

  /** The name of this type's member in a union record, as Airbyte names them. */
  String memberName();

  /** Primitive kinds. {@link Kind#JSON} is any value kept as its JSON text (untyped and schemaless fields). */
  enum Kind {
    BOOLEAN("boolean"),
    INTEGER("integer"),
    NUMBER("number"),
    DATE("date"),
    TIMESTAMP_WITH_TIMEZONE("timestamp_with_timezone"),
    TIMESTAMP_WITHOUT_TIMEZONE("timestamp_without_timezone"),
    TIME_WITH_TIMEZONE("time_with_timezone"),
    TIME_WITHOUT_TIMEZONE("time_without_timezone"),
    STRING("string"),
    JSON("json");

    private final String memberName;

    Kind(String memberName) {
      this.memberName = memberName;
    }
  }

  record Scalar(Kind kind) implements ValueType {
    public static final Scalar BOOLEAN = new Scalar(Kind.BOOLEAN);
    public static final Scalar INTEGER = new Scalar(Kind.INTEGER);
    public static final Scalar NUMBER = new Scalar(Kind.NUMBER);
    public static final Scalar STRING = new Scalar(Kind.STRING);
    public static final Scalar JSON = new Scalar(Kind.JSON);

    @Override
    public String memberName() {
      return kind.memberName;
    }
  }

  /** One declared property of an object. */
  record Field(String name, ValueType type) {}

  /** An object with declared properties (at least one). Undeclared properties are kept beside the fields. */
  record RecordType(List<Field> fields) implements ValueType {
    public RecordType {
      fields = List.copyOf(fields);
    }

    @Override
    public String memberName() {
      return "object";
    }
  }

  /** An array whose items all have one type. */
  record ArrayType(ValueType items) implements ValueType {
    @Override
    public String memberName() {
      return "array";
    }
  }

  /** An object without declared properties whose values all have one type ({@code additionalProperties} schema). */
  record MapType(ValueType values) implements ValueType {
    @Override
    public String memberName() {
      return "object";
    }
  }

  /**
   * Values of different kinds (a {@code type} array, {@code oneOf}, {@code anyOf}): at least two members with distinct
   * {@link #memberName()}s, in {@link JsonSchemaTypes#MEMBER_ORDER}, which is also the order a value is tried in.
   */
  record UnionType(List<ValueType> members) implements ValueType {
    public UnionType {
      members = List.copyOf(members);
    }

    @Override
    public String memberName() {
      return "union";
    }
  }
}
