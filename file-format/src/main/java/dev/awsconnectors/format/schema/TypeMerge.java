package dev.awsconnectors.format.schema;

import dev.awsconnectors.format.schema.ValueType.ArrayType;
import dev.awsconnectors.format.schema.ValueType.Field;
import dev.awsconnectors.format.schema.ValueType.Kind;
import dev.awsconnectors.format.schema.ValueType.MapType;
import dev.awsconnectors.format.schema.ValueType.RecordType;
import dev.awsconnectors.format.schema.ValueType.Scalar;
import dev.awsconnectors.format.schema.ValueType.UnionType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the one {@link ValueType} of values that may have any of several types (a {@code type} array, the options
 * of {@code oneOf}/{@code anyOf}/{@code allOf}, the items of a tuple): options of the same kind are merged (records
 * field by field, arrays and maps by their element types); different kinds make a {@link UnionType} in
 * {@link JsonSchemaTypes#MEMBER_ORDER}; an untyped option makes the whole value untyped (JSON text). Pure and
 * stateless; {@link JsonSchemaTypes} calls it while deriving a stream's types, never per record.
 */
final class TypeMerge {
  private TypeMerge() {}

  /** The merged type of {@code options}; {@link Scalar#JSON} when there are none. */
  static ValueType of(List<ValueType> options) {
    Map<String, ValueType> byMember = new LinkedHashMap<>();
    for (ValueType option : options) {
      List<ValueType> flat = option instanceof UnionType u ? u.members() : List.of(option);
      for (ValueType t : flat) {
        if (isJson(t)) {
          return Scalar.JSON;
        }
        byMember.merge(t.memberName(), t, TypeMerge::sameMember);
      }
    }
    if (byMember.isEmpty() || byMember.values().stream().anyMatch(TypeMerge::isJson)) {
      return Scalar.JSON;
    }
    if (byMember.size() == 1) {
      return byMember.values().iterator().next();
    }
    List<ValueType> members = new ArrayList<>();
    for (String name : JsonSchemaTypes.MEMBER_ORDER) {
      ValueType member = byMember.get(name);
      if (member != null) {
        members.add(member);
      }
    }
    return new UnionType(members);
  }

  private static boolean isJson(ValueType type) {
    return type instanceof Scalar s && s.kind() == Kind.JSON;
  }

  /** Two types of the same union member; {@link Scalar#JSON} when their elements cannot be typed together. */
  private static ValueType sameMember(ValueType a, ValueType b) {
    if (a.equals(b)) {
      return a;
    }
    if (a instanceof RecordType ra && b instanceof RecordType rb) {
      Map<String, ValueType> fields = new LinkedHashMap<>();
      for (Field f : ra.fields()) {
        fields.put(f.name(), f.type());
      }
      for (Field f : rb.fields()) {
        fields.merge(f.name(), f.type(), (x, y) -> of(List.of(x, y)));
      }
      List<Field> merged = new ArrayList<>();
      fields.forEach((name, type) -> merged.add(new Field(name, type)));
      return new RecordType(merged);
    }
    if (a instanceof ArrayType aa && b instanceof ArrayType ab) {
      ValueType items = of(List.of(aa.items(), ab.items()));
      return isJson(items) ? Scalar.JSON : new ArrayType(items);
    }
    if (a instanceof MapType ma && b instanceof MapType mb) {
      ValueType values = of(List.of(ma.values(), mb.values()));
      return isJson(values) ? Scalar.JSON : new MapType(values);
    }
    // A record and a map: the record's declared fields stay typed; other keys are kept as undeclared fields.
    return a instanceof RecordType ? a : b;
  }
}
