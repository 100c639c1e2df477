package dev.awsconnectors.format.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.format.schema.ValueType.ArrayType;
import dev.awsconnectors.format.schema.ValueType.Field;
import dev.awsconnectors.format.schema.ValueType.Kind;
import dev.awsconnectors.format.schema.ValueType.MapType;
import dev.awsconnectors.format.schema.ValueType.RecordType;
import dev.awsconnectors.format.schema.ValueType.Scalar;
import dev.awsconnectors.format.schema.ValueType.UnionType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one type of values that may have any of several types (the module's default timeout applies). */
class TypeMergeTest {
  private static final Scalar DATE = new Scalar(Kind.DATE);
  private static final Scalar TIMESTAMP = new Scalar(Kind.TIMESTAMP_WITH_TIMEZONE);

  private static ValueType merge(ValueType... options) {
    return TypeMerge.of(List.of(options));
  }

  private static RecordType record(Field... fields) {
    return new RecordType(List.of(fields));
  }

  @Test
  void nothingToMergeIsUntyped() {
    assertThat(TypeMerge.of(List.of())).isEqualTo(Scalar.JSON);
  }

  @Test
  void oneOptionOrEqualOptionsAreThatType() {
    assertThat(merge(Scalar.STRING)).isEqualTo(Scalar.STRING);
    assertThat(merge(DATE, DATE, DATE)).isEqualTo(DATE);
    assertThat(merge(new ArrayType(Scalar.INTEGER))).isEqualTo(new ArrayType(Scalar.INTEGER));
  }

  @Test
  void anUntypedOptionMakesTheWholeValueUntyped() {
    assertThat(merge(Scalar.STRING, Scalar.JSON)).isEqualTo(Scalar.JSON);
    assertThat(merge(Scalar.JSON, Scalar.STRING)).isEqualTo(Scalar.JSON);
  }

  @Test
  void differentKindsMakeAUnionInMemberOrderWhateverTheOptionOrder() {
    List<ValueType> all = List.of(record(new Field("a", Scalar.STRING)), new ArrayType(Scalar.INTEGER),
        Scalar.STRING, new Scalar(Kind.TIME_WITHOUT_TIMEZONE), new Scalar(Kind.TIME_WITH_TIMEZONE),
        new Scalar(Kind.TIMESTAMP_WITHOUT_TIMEZONE), TIMESTAMP, DATE, Scalar.NUMBER, Scalar.INTEGER, Scalar.BOOLEAN);
    ValueType merged = TypeMerge.of(all);
    assertThat(merged).isInstanceOf(UnionType.class);
    assertThat(((UnionType) merged).members()).hasSize(11).extracting(ValueType::memberName)
        .containsExactlyElementsOf(JsonSchemaTypes.MEMBER_ORDER);
    assertThat(merge(Scalar.STRING, Scalar.INTEGER)).isEqualTo(new UnionType(List.of(Scalar.INTEGER, Scalar.STRING)));
    assertThat(merge(Scalar.NUMBER, Scalar.INTEGER)).isEqualTo(new UnionType(List.of(Scalar.INTEGER, Scalar.NUMBER)));
  }

  @Test
  void unionOptionsAreFlattenedAndTheirMembersMerged() {
    ValueType inner = new UnionType(List.of(Scalar.BOOLEAN, Scalar.STRING));
    assertThat(merge(inner, Scalar.INTEGER, Scalar.STRING))
        .isEqualTo(new UnionType(List.of(Scalar.BOOLEAN, Scalar.INTEGER, Scalar.STRING)));
    assertThat(merge(inner, Scalar.JSON)).isEqualTo(Scalar.JSON);
    assertThat(merge(new UnionType(List.of(Scalar.INTEGER, new ArrayType(Scalar.STRING))),
        new ArrayType(Scalar.BOOLEAN))).isEqualTo(new UnionType(List.of(Scalar.INTEGER,
            new ArrayType(new UnionType(List.of(Scalar.BOOLEAN, Scalar.STRING))))));
  }

  @Test
  void recordsMergeFieldByFieldKeepingTheFirstOrderAndConflictingFieldsBecomeUnions() {
    RecordType a = record(new Field("id", Scalar.INTEGER), new Field("name", Scalar.STRING));
    RecordType b = record(new Field("name", Scalar.INTEGER), new Field("id", Scalar.INTEGER),
        new Field("tags", new ArrayType(Scalar.STRING)));
    assertThat(merge(a, b)).isEqualTo(record(new Field("id", Scalar.INTEGER),
        new Field("name", new UnionType(List.of(Scalar.INTEGER, Scalar.STRING))),
        new Field("tags", new ArrayType(Scalar.STRING))));
    // A field untyped in one option is untyped in the merge; the record itself stays typed.
    assertThat(merge(a, record(new Field("name", Scalar.JSON))))
        .isEqualTo(record(new Field("id", Scalar.INTEGER), new Field("name", Scalar.JSON)));
  }

  @Test
  void arraysAndMapsMergeTheirElementTypesOrBecomeUntyped() {
    assertThat(merge(new ArrayType(Scalar.INTEGER), new ArrayType(Scalar.STRING)))
        .isEqualTo(new ArrayType(new UnionType(List.of(Scalar.INTEGER, Scalar.STRING))));
    assertThat(merge(new ArrayType(Scalar.INTEGER), new ArrayType(Scalar.JSON))).isEqualTo(Scalar.JSON);
    assertThat(merge(new MapType(DATE), new MapType(TIMESTAMP)))
        .isEqualTo(new MapType(new UnionType(List.of(DATE, TIMESTAMP))));
    assertThat(merge(new MapType(DATE), new MapType(Scalar.JSON))).isEqualTo(Scalar.JSON);
    // An untyped merge of one member makes the whole value untyped, even beside other members.
    assertThat(merge(Scalar.STRING, new ArrayType(Scalar.INTEGER), new ArrayType(Scalar.JSON)))
        .isEqualTo(Scalar.JSON);
  }

  @Test
  void aRecordAndAMapAreTheRecordWhicheverComesFirst() {
    RecordType record = record(new Field("a", Scalar.STRING));
    assertThat(merge(record, new MapType(Scalar.INTEGER))).isEqualTo(record);
    assertThat(merge(new MapType(Scalar.INTEGER), record)).isEqualTo(record);
  }
}
