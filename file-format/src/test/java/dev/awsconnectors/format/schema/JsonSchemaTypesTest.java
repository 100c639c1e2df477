package dev.awsconnectors.format.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.format.schema.ValueType.ArrayType;
import dev.awsconnectors.format.schema.ValueType.Field;
import dev.awsconnectors.format.schema.ValueType.Kind;
import dev.awsconnectors.format.schema.ValueType.MapType;
import dev.awsconnectors.format.schema.ValueType.RecordType;
import dev.awsconnectors.format.schema.ValueType.Scalar;
import dev.awsconnectors.format.schema.ValueType.UnionType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonSchemaTypesTest {

  private static ValueType type(String schema) {
    return JsonSchemaTypes.of(ProtocolCodec.readTreeUnchecked(schema));
  }

  private static Scalar scalar(Kind kind) {
    return new Scalar(kind);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"type\":\"string\"}|STRING",
      "{\"type\":[\"null\",\"string\"]}|STRING",
      "{\"type\":[\"string\",\"null\"]}|STRING",
      "{\"type\":\"integer\"}|INTEGER",
      "{\"type\":\"number\",\"airbyte_type\":\"integer\"}|INTEGER",
      "{\"type\":[\"null\",\"number\"],\"airbyte_type\":\"integer\"}|INTEGER",
      "{\"type\":\"number\"}|NUMBER",
      "{\"type\":\"number\",\"airbyte_type\":\"big_integer\"}|JSON",
      "{\"type\":\"string\",\"airbyte_type\":\"big_integer\"}|STRING",
      "{\"type\":\"boolean\"}|BOOLEAN",
      "{\"type\":\"string\",\"format\":\"date\"}|DATE",
      "{\"type\":\"string\",\"format\":\"date-time\"}|TIMESTAMP_WITH_TIMEZONE",
      "{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_with_timezone\"}"
          + "|TIMESTAMP_WITH_TIMEZONE",
      "{\"type\":\"string\",\"format\":\"date-time\",\"airbyte_type\":\"timestamp_without_timezone\"}"
          + "|TIMESTAMP_WITHOUT_TIMEZONE",
      "{\"type\":\"string\",\"format\":\"time\"}|TIME_WITHOUT_TIMEZONE",
      "{\"type\":\"string\",\"airbyte_type\":\"time_with_timezone\"}|TIME_WITH_TIMEZONE",
      "{\"type\":\"string\",\"format\":\"time\",\"airbyte_type\":\"time_with_timezone\"}|TIME_WITH_TIMEZONE",
      "{\"type\":\"string\",\"airbyte_type\":\"time_without_timezone\"}|TIME_WITHOUT_TIMEZONE",
      "{\"type\":\"string\",\"format\":\"email\"}|STRING",
      "{\"format\":\"date\"}|DATE",
      "{\"airbyte_type\":\"integer\"}|INTEGER",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/Integer\"}|INTEGER",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/Number\"}|NUMBER",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/String\"}|STRING",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/BinaryData\"}|STRING",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/Boolean\"}|BOOLEAN",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/Date\"}|DATE",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/TimestampWithTimezone\"}|TIMESTAMP_WITH_TIMEZONE",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/TimestampWithoutTimezone\"}|TIMESTAMP_WITHOUT_TIMEZONE",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/TimeWithTimezone\"}|TIME_WITH_TIMEZONE",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/TimeWithoutTimezone\"}|TIME_WITHOUT_TIMEZONE",
      "{\"$ref\":\"WellKnownTypes.json#/definitions/Unknown\"}|JSON",
      "{\"$ref\":\"https://example.com/schema.json\"}|JSON",
      "{}|JSON",
      "{\"description\":\"no type\"}|JSON",
      "{\"type\":\"null\"}|JSON",
      "{\"type\":\"object\"}|JSON",
      "{\"type\":\"object\",\"properties\":{}}|JSON",
      "{\"type\":\"array\"}|JSON",
      "{\"type\":\"array\",\"items\":{}}|JSON",
      "{\"type\":\"array\",\"items\":[]}|JSON",
      "{\"type\":\"string\",\"oneOf\":[{}]}|STRING",
      "{\"type\":\"martian\"}|JSON",
      "{\"enum\":[\"a\",\"b\",null]}|STRING",
      "{\"enum\":[1,2]}|INTEGER",
      "{\"enum\":[1,2.5]}|NUMBER",
      "{\"const\":true}|BOOLEAN",
      "{\"enum\":[1,\"a\"]}|JSON",
      "{\"type\":[\"string\",{}]}|JSON",
      "{\"anyOf\":[{\"type\":\"string\"},{}]}|JSON",
      "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}|STRING",
      "{\"oneOf\":[{\"type\":\"string\",\"format\":\"date\"},{\"type\":\"string\",\"format\":\"date\"}]}|DATE",
  })
  void scalarTypes(String schema, Kind kind) {
    assertThat(type(schema)).isEqualTo(scalar(kind));
  }

  @Test
  void typeArraysAndCombinatorsOfDifferentKindsAreUnionsInMemberOrder() {
    assertThat(type("{\"type\":[\"string\",\"integer\",\"null\"]}"))
        .isEqualTo(new UnionType(List.of(Scalar.INTEGER, Scalar.STRING)));
    assertThat(type("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"boolean\"},{\"type\":\"number\"}]}"))
        .isEqualTo(new UnionType(List.of(Scalar.BOOLEAN, Scalar.NUMBER, Scalar.STRING)));
    assertThat(type("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"string\",\"format\":\"date-time\"}]}"))
        .isEqualTo(new UnionType(List.of(scalar(Kind.TIMESTAMP_WITH_TIMEZONE), Scalar.STRING)));
    assertThat(type("{\"type\":[\"integer\",\"number\"]}"))
        .isEqualTo(new UnionType(List.of(Scalar.INTEGER, Scalar.NUMBER)));
  }

  @Test
  void nestedUnionsAreFlattened() {
    assertThat(type("{\"oneOf\":[{\"type\":[\"string\",\"integer\"]},{\"anyOf\":[{\"type\":\"boolean\"},"
        + "{\"type\":\"integer\"}]}]}"))
        .isEqualTo(new UnionType(List.of(Scalar.BOOLEAN, Scalar.INTEGER, Scalar.STRING)));
  }

  @Test
  void objectOptionsAreMergedFieldByFieldAndConflictingFieldsBecomeUnions() {
    ValueType merged = type("{\"oneOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},"
        + "\"c\":{\"type\":\"integer\"}}},{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"integer\"},"
        + "\"c\":{\"type\":\"string\"}}}]}");
    assertThat(merged).isEqualTo(new RecordType(List.of(new Field("a", Scalar.STRING),
        new Field("c", new UnionType(List.of(Scalar.INTEGER, Scalar.STRING))), new Field("b", Scalar.INTEGER))));
  }

  @Test
  void allOfAndATypedBaseMergeIntoOneRecord() {
    assertThat(type("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"allOf\":["
        + "{\"properties\":{\"b\":{\"type\":\"boolean\"}}},{\"required\":[\"a\"]}]}"))
        .isEqualTo(new RecordType(List.of(new Field("a", Scalar.STRING), new Field("b", Scalar.BOOLEAN))));
  }

  @Test
  void arraysMapsAndTuples() {
    assertThat(type("{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}"))
        .isEqualTo(new ArrayType(Scalar.INTEGER));
    assertThat(type("{\"items\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}}}"))
        .isEqualTo(new ArrayType(new ArrayType(Scalar.NUMBER)));
    assertThat(type("{\"type\":\"array\",\"items\":[{\"type\":\"string\"},{\"type\":\"string\"}]}"))
        .isEqualTo(new ArrayType(Scalar.STRING));
    assertThat(type("{\"type\":\"array\",\"items\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}"))
        .isEqualTo(new ArrayType(new UnionType(List.of(Scalar.INTEGER, Scalar.STRING))));
    assertThat(type("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}],\"items\":{\"type\":\"boolean\"}}"))
        .isEqualTo(new ArrayType(new UnionType(List.of(Scalar.BOOLEAN, Scalar.STRING))));
    assertThat(type("{\"type\":\"array\",\"items\":[{\"type\":\"string\"},{}]}")).isEqualTo(Scalar.JSON);
    assertThat(type("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}"))
        .isEqualTo(new MapType(Scalar.INTEGER));
    assertThat(type("{\"type\":\"object\",\"additionalProperties\":true}")).isEqualTo(Scalar.JSON);
    assertThat(type("{\"type\":[\"array\",\"object\"],\"items\":{\"type\":\"string\"},"
        + "\"properties\":{\"a\":{\"type\":\"string\"}}}"))
        .isEqualTo(new UnionType(List.of(new ArrayType(Scalar.STRING),
            new RecordType(List.of(new Field("a", Scalar.STRING))))));
  }

  @Test
  void localReferencesAreResolvedAndRecursionBecomesJson() {
    String schema = "{\"type\":\"object\",\"definitions\":{\"node\":{\"type\":\"object\",\"properties\":{"
        + "\"value\":{\"type\":\"integer\"},\"next\":{\"$ref\":\"#/definitions/node\"}}}},"
        + "\"properties\":{\"head\":{\"$ref\":\"#/definitions/node\"},\"missing\":{\"$ref\":\"#/definitions/none\"}}}";
    assertThat(type(schema)).isEqualTo(new RecordType(List.of(
        new Field("head", new RecordType(List.of(new Field("value", Scalar.INTEGER),
            new Field("next", Scalar.JSON)))),
        new Field("missing", Scalar.JSON))));
  }

  @Test
  void theRecordOfAStreamIsItsObjectPartOrEmpty() {
    assertThat(JsonSchemaTypes.recordOf(ProtocolCodec.readTreeUnchecked("{}")).fields()).isEmpty();
    assertThat(JsonSchemaTypes.recordOf(ProtocolCodec.readTreeUnchecked("{\"type\":\"object\"}")).fields())
        .isEmpty();
    assertThat(JsonSchemaTypes.recordOf(null).fields()).isEmpty();
    assertThat(JsonSchemaTypes.recordOf(ProtocolCodec.readTreeUnchecked(
        "{\"type\":[\"object\",\"string\"],\"properties\":{\"a\":{\"type\":\"string\"}}}")).fields())
        .containsExactly(new Field("a", Scalar.STRING));
  }
}
