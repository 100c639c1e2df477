package dev.awsconnectors.format.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMeta;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange.Change;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessageMetaChange.Reason;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.format.AirbyteColumns;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.StreamSchema;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroRecordMapperTest {
  private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-00000000000a");

  private static AvroRecordMapper mapper(String schema, AirbyteColumns columns) {
    return AvroRecordMapper.create(new StreamSchema(new StreamDescriptor("users", null),
        ProtocolCodec.readTreeUnchecked(schema), columns, 5L, 9L));
  }

  private static GenericData.Record map(AvroRecordMapper mapper, String data) {
    return mapper.map(new OutputRecord(ID, 1234L, ProtocolCodec.readTreeUnchecked(data), null));
  }

  private static Schema fieldSchema(Schema record, String name) {
    Schema s = record.getField(name).schema();
    return s.getType() == Schema.Type.UNION ? s.getTypes().get(1) : s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> additional(GenericRecord record) {
    return (Map<String, String>) record.get("_airbyte_additional_properties");
  }

  @Test
  void v1ColumnsComeFirstThenTheDataFieldsThenAdditionalProperties() {
    Schema schema = mapper("{\"properties\":{\"b\":{\"type\":\"string\"},\"a\":{\"type\":\"integer\"}}}",
        AirbyteColumns.V1).schema();
    assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("_airbyte_ab_id",
        "_airbyte_emitted_at", "b", "a", "_airbyte_additional_properties");
    assertThat(schema.getField("_airbyte_ab_id").schema().getLogicalType()).isEqualTo(LogicalTypes.uuid());
    assertThat(schema.getField("_airbyte_emitted_at").schema().getLogicalType())
        .isEqualTo(LogicalTypes.timestampMillis());
    assertThat(schema.getField("a").schema().isNullable()).isTrue();
    assertThat(schema.getField("a").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    assertThat(schema.getFullName()).isEqualTo("users");
  }

  @Test
  void v2ColumnsAndMeta() {
    AvroRecordMapper mapper = mapper("{\"properties\":{\"_airbyte_raw_id\":{\"type\":\"string\"},"
        + "\"n\":{\"type\":\"integer\"}}}", AirbyteColumns.V2);
    Schema schema = mapper.schema();
    assertThat(schema.getFields()).extracting(Schema.Field::name).containsExactly("_airbyte_raw_id",
        "_airbyte_extracted_at", "_airbyte_meta", "_airbyte_generation_id", "_airbyte_raw_id_1", "n",
        "_airbyte_additional_properties");
    assertThat(schema.getField("_airbyte_raw_id_1").doc())
        .isEqualTo(AvroRecordMapper.ORIGINAL_NAME_DOC + "_airbyte_raw_id");

    GenericData.Record record = mapper.map(new OutputRecord(ID, 1234L, ProtocolCodec.readTreeUnchecked(
        "{\"_airbyte_raw_id\":\"theirs\",\"n\":\"x\"}"), new AirbyteRecordMessageMeta(List.of(
        new AirbyteRecordMessageMetaChange("s", Change.TRUNCATED, Reason.SOURCE_FIELD_SIZE_LIMITATION)))));
    assertThat(record.get("_airbyte_raw_id")).isEqualTo(ID.toString());
    assertThat(record.get("_airbyte_extracted_at")).isEqualTo(1234L);
    assertThat(record.get("_airbyte_generation_id")).isEqualTo(5L);
    assertThat(record.get("_airbyte_raw_id_1")).isEqualTo("theirs");
    GenericRecord meta = (GenericRecord) record.get("_airbyte_meta");
    assertThat(meta.get("sync_id")).isEqualTo(9L);
    assertThat(meta.get("changes").toString()).isEqualTo(
        "[{\"field\": \"s\", \"change\": \"TRUNCATED\", \"reason\": \"SOURCE_FIELD_SIZE_LIMITATION\"}, "
            + "{\"field\": \"n\", \"change\": \"NULLED\", \"reason\": \"DESTINATION_TYPECAST_ERROR\"}]");
    assertThat(additional(record)).containsExactly(Map.entry("n", "\"x\""));
  }

  @Test
  void scalarsAndLogicalTypes() {
    AvroRecordMapper mapper = mapper("{\"properties\":{\"i\":{\"type\":\"integer\"},\"n\":{\"type\":\"number\"},"
        + "\"b\":{\"type\":\"boolean\"},\"s\":{\"type\":\"string\"},\"d\":{\"type\":\"string\",\"format\":\"date\"},"
        + "\"tz\":{\"type\":\"string\",\"format\":\"date-time\"},\"ntz\":{\"type\":\"string\",\"format\":\"date-time\","
        + "\"airbyte_type\":\"timestamp_without_timezone\"},\"t\":{\"type\":\"string\",\"format\":\"time\"},"
        + "\"j\":{}}}", AirbyteColumns.V1);
    Schema schema = mapper.schema();
    assertThat(fieldSchema(schema, "i").getType()).isEqualTo(Schema.Type.LONG);
    assertThat(fieldSchema(schema, "n").getType()).isEqualTo(Schema.Type.DOUBLE);
    assertThat(fieldSchema(schema, "b").getType()).isEqualTo(Schema.Type.BOOLEAN);
    assertThat(fieldSchema(schema, "d").getLogicalType()).isEqualTo(LogicalTypes.date());
    assertThat(fieldSchema(schema, "tz").getLogicalType()).isEqualTo(LogicalTypes.timestampMicros());
    assertThat(fieldSchema(schema, "ntz").getLogicalType()).isEqualTo(LogicalTypes.localTimestampMicros());
    assertThat(fieldSchema(schema, "t").getLogicalType()).isEqualTo(LogicalTypes.timeMicros());
    assertThat(fieldSchema(schema, "j").getType()).isEqualTo(Schema.Type.STRING);

    GenericData.Record r = map(mapper, "{\"i\":3.0,\"n\":12345678901234567890,\"b\":false,\"s\":\"x\","
        + "\"d\":\"1970-01-02\",\"tz\":\"1970-01-01T00:00:01+01:00\",\"ntz\":\"1970-01-01T00:00:01+01:00\","
        + "\"t\":\"00:00:01.5\",\"j\":\"text\"}");
    assertThat(r.get("i")).isEqualTo(3L);
    assertThat(r.get("n")).isEqualTo(1.2345678901234567e19);
    assertThat(r.get("b")).isEqualTo(false);
    assertThat(r.get("s")).isEqualTo("x");
    assertThat(r.get("d")).isEqualTo(1);
    assertThat(r.get("tz")).isEqualTo(-3_599_000_000L);
    assertThat(r.get("ntz")).isEqualTo(1_000_000L);
    assertThat(r.get("t")).isEqualTo(1_500_000L);
    assertThat(r.get("j")).isEqualTo("\"text\"");
    assertThat(additional(r)).isNull();
    assertThat(mapper.coercedValues()).isZero();
  }

  @Test
  void integersBeyond64BitsAreNulledAndKeptExactly() {
    AvroRecordMapper mapper = mapper("{\"properties\":{\"i\":{\"type\":\"number\",\"airbyte_type\":\"integer\"}}}",
        AirbyteColumns.V2);
    GenericData.Record r = map(mapper, "{\"i\":123456789012345678901234567890}");
    assertThat(r.get("i")).isNull();
    assertThat(additional(r)).containsExactly(Map.entry("i", "123456789012345678901234567890"));
    assertThat(mapper.coercedValues()).isEqualTo(1);
    assertThat(map(mapper, "{\"i\":9223372036854775807}").get("i")).isEqualTo(Long.MAX_VALUE);
    assertThat(map(mapper, "{\"i\":-9223372036854775808}").get("i")).isEqualTo(Long.MIN_VALUE);
    assertThat(map(mapper, "{\"i\":9223372036854775808}").get("i")).isNull();
    assertThat(map(mapper, "{\"i\":1.5}").get("i")).isNull();
    assertThat(map(mapper, "{\"i\":1e2}").get("i")).isEqualTo(100L);
    assertThat(map(mapper, "{\"i\":1e30}").get("i")).isNull();
    assertThat(mapper.coercedValues()).isEqualTo(4);
  }

  @Test
  void misfitsInNestedRecordsAreKeptByTheNearestRecord() {
    AvroRecordMapper mapper = mapper("{\"properties\":{\"a\":{\"type\":\"object\",\"properties\":{"
        + "\"n\":{\"type\":\"integer\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}},"
        + "\"list\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"integer\"}}}},"
        + "\"m\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"boolean\"}}}}", AirbyteColumns.V2);
    GenericData.Record r = map(mapper, "{\"a\":{\"n\":\"one\",\"tags\":[1,\"two\",null],\"extra\":true},"
        + "\"list\":[{\"q\":1},{\"q\":\"x\"}],\"m\":{\"ok\":true,\"bad\":1}}");
    GenericRecord a = (GenericRecord) r.get("a");
    assertThat(a.get("n")).isNull();
    assertThat(a.get("tags")).isEqualTo(java.util.Arrays.asList(1L, null, null));
    assertThat(additional(a)).containsOnly(Map.entry("n", "\"one\""), Map.entry("tags", "[1,\"two\",null]"),
        Map.entry("extra", "true"));
    @SuppressWarnings("unchecked")
    List<GenericRecord> list = (List<GenericRecord>) r.get("list");
    assertThat(list.get(0).get("q")).isEqualTo(1L);
    assertThat(list.get(1).get("q")).isNull();
    assertThat(additional(list.get(1))).containsExactly(Map.entry("q", "\"x\""));
    assertThat(additional(list.get(0))).isNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) r.get("m");
    assertThat(m).containsEntry("ok", true).containsEntry("bad", null);
    assertThat(additional(r)).containsExactly(Map.entry("m", "{\"ok\":true,\"bad\":1}"));
    assertThat(((GenericRecord) r.get("_airbyte_meta")).get("changes").toString())
        .contains("\"a.n\"", "\"a.tags[1]\"", "\"list[1].q\"", "\"m.bad\"");
    assertThat(mapper.coercedValues()).isEqualTo(4);
  }

  @Test
  void aValueOfTheWrongShapeIsNulledWhole() {
    AvroRecordMapper mapper = mapper("{\"properties\":{\"o\":{\"type\":\"object\",\"properties\":{"
        + "\"x\":{\"type\":\"string\"}}},\"arr\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}",
        AirbyteColumns.V1);
    GenericData.Record r = map(mapper, "{\"o\":[1],\"arr\":{\"a\":1}}");
    assertThat(r.get("o")).isNull();
    assertThat(r.get("arr")).isNull();
    assertThat(additional(r)).containsOnly(Map.entry("o", "[1]"), Map.entry("arr", "{\"a\":1}"));
  }

  @Test
  void stringColumnsKeepOtherValuesAsJsonTextAndCountThem() {
    AvroRecordMapper mapper = mapper("{\"properties\":{\"s\":{\"type\":\"string\"}}}", AirbyteColumns.V2);
    GenericData.Record r = map(mapper, "{\"s\":12.50}");
    assertThat(r.get("s")).isEqualTo("12.50");
    assertThat(additional(r)).isNull();
    assertThat(((GenericRecord) r.get("_airbyte_meta")).get("changes").toString()).isEqualTo("[]");
    assertThat(map(mapper, "{\"s\":{\"a\":[true]}}").get("s")).isEqualTo("{\"a\":[true]}");
    assertThat(mapper.coercedValues()).isEqualTo(2);
  }

  @Test
  void unionsAreRecordsNamingTheMemberThatHoldsTheValue() {
    AvroRecordMapper mapper = mapper("{\"properties\":{\"u\":{\"type\":[\"null\",\"integer\",\"number\","
        + "\"string\",\"boolean\",\"array\",\"object\"],\"items\":{\"type\":\"integer\"},"
        + "\"properties\":{\"k\":{\"type\":\"string\"}}},\"v\":{\"type\":[\"integer\",\"boolean\"]}}}",
        AirbyteColumns.V1);
    Schema union = fieldSchema(mapper.schema(), "u");
    assertThat(union.getFields()).extracting(Schema.Field::name).containsExactly("type", "boolean", "integer",
        "number", "string", "array", "object");
    assertThat(union.getField("type").schema().getType()).isEqualTo(Schema.Type.STRING);
    assertThat(member(map(mapper, "{\"u\":5}"), "u")).isEqualTo(Map.entry("integer", 5L));
    assertThat(member(map(mapper, "{\"u\":5.5}"), "u")).isEqualTo(Map.entry("number", 5.5));
    assertThat(member(map(mapper, "{\"u\":1e30}"), "u")).isEqualTo(Map.entry("number", 1e30));
    assertThat(member(map(mapper, "{\"u\":\"s\"}"), "u")).isEqualTo(Map.entry("string", "s"));
    assertThat(member(map(mapper, "{\"u\":true}"), "u")).isEqualTo(Map.entry("boolean", true));
    assertThat(member(map(mapper, "{\"u\":[1,2]}"), "u").getKey()).isEqualTo("array");
    assertThat(member(map(mapper, "{\"u\":{\"k\":\"v\"}}"), "u").getKey()).isEqualTo("object");
    GenericData.Record partly = map(mapper, "{\"u\":[1,\"x\"]}");
    assertThat(member(partly, "u")).isEqualTo(Map.entry("array", java.util.Arrays.asList(1L, null)));
    assertThat(additional(partly)).containsExactly(Map.entry("u", "[1,\"x\"]"));
    GenericData.Record none = map(mapper, "{\"v\":\"text\"}");
    assertThat(none.get("v")).isNull();
    assertThat(additional(none)).containsExactly(Map.entry("v", "\"text\""));
  }

  private static Map.Entry<String, Object> member(GenericRecord record, String field) {
    GenericRecord union = (GenericRecord) record.get(field);
    String type = union.get("type").toString();
    for (Schema.Field f : union.getSchema().getFields()) {
      if (!f.name().equals("type") && !f.name().equals(type)) {
        assertThat(union.get(f.name())).as(f.name()).isNull();
      }
    }
    return Map.entry(type, union.get(type));
  }

  @Test
  void emptySchemasKeepEveryFieldAsAdditionalProperties() {
    for (String schema : List.of("{}", "{\"type\":\"object\"}", "{\"type\":\"object\",\"properties\":{}}")) {
      AvroRecordMapper mapper = mapper(schema, AirbyteColumns.V1);
      assertThat(mapper.schema().getFields()).extracting(Schema.Field::name)
          .containsExactly("_airbyte_ab_id", "_airbyte_emitted_at", "_airbyte_additional_properties");
      GenericData.Record r = map(mapper, "{\"a\":1,\"b\":\"x\",\"c\":{}}");
      assertThat(additional(r)).containsExactly(Map.entry("a", "1"), Map.entry("b", "\"x\""), Map.entry("c", "{}"));
      assertThat(additional(map(mapper, "{}"))).isNull();
    }
  }

  @Test
  void dataThatIsNotAnObjectIsKeptWhole() {
    AvroRecordMapper mapper = mapper("{\"properties\":{\"a\":{\"type\":\"string\"}}}", AirbyteColumns.V1);
    GenericData.Record r = map(mapper, "[1,2]");
    assertThat(additional(r)).containsExactly(Map.entry("_airbyte_data", "[1,2]"));
    assertThat(mapper.coercedValues()).isEqualTo(1);
  }

  @Test
  void streamsNamedAfterAvroPrimitivesStillHaveAValidSchema() {
    for (String name : List.of("null", "boolean", "int", "long", "float", "double", "bytes", "string")) {
      AvroRecordMapper mapper = AvroRecordMapper.create(new StreamSchema(new StreamDescriptor(name, null),
          ProtocolCodec.readTreeUnchecked("{\"properties\":{\"a\":{\"type\":\"string\"}}}"), AirbyteColumns.V1,
          null, null));
      assertThat(new Schema.Parser().parse(mapper.schema().toString()).getFullName()).isEqualTo(name + "_");
    }
  }

  @Test
  void namedTypesNeverCollide() {
    AvroRecordMapper mapper = AvroRecordMapper.create(new StreamSchema(new StreamDescriptor("string", "a.b"),
        ProtocolCodec.readTreeUnchecked("{\"properties\":{"
            + "\"x\":{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"object\",\"properties\":{"
            + "\"v\":{\"type\":\"string\"}}}}},"
            + "\"y\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\"}}}},"
            + "\"z\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"boolean\"}}},"
            + "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"w\":{\"type\":\"boolean\"}}}}]}}}"),
        AirbyteColumns.V2, null, null));
    Schema parsed = new Schema.Parser().parse(mapper.schema().toString());
    assertThat(parsed).isEqualTo(mapper.schema());
    assertThat(parsed.getFullName()).isEqualTo("a.b.string");
  }
}
