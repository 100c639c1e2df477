package dev.awsconnectors.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.format.FileFormat.ParquetCodec;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;

class ParquetLayoutTest {
  private static final MessageType SCHEMA = Readers.parquetFooter(Samples.write(
      new FileFormat.Parquet(ParquetCodec.SNAPPY, 128, 8, 1024, 1024, true), Samples.stream(AirbyteColumns.V2),
      List.of())).getFileMetaData().getSchema();

  private static LogicalTypeAnnotation annotation(String field) {
    return SCHEMA.getType(field).getLogicalTypeAnnotation();
  }

  @Test
  void timestampsAreMarkedAdjustedToUtcOnlyWhenTheyHaveATimeZone() {
    assertThat(annotation("updated_at")).isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
    assertThat(annotation("local_at")).isEqualTo(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS));
    assertThat(annotation("_airbyte_extracted_at"))
        .isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS));
    assertThat(annotation("born")).isEqualTo(LogicalTypeAnnotation.dateType());
    assertThat(annotation("opens")).isEqualTo(LogicalTypeAnnotation.timeType(true, TimeUnit.MICROS));
    assertThat(SCHEMA.getType("born").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT32);
  }

  @Test
  void columnsAreOptionalExceptTheAirbyteOnes() {
    assertThat(SCHEMA.getType("_airbyte_raw_id").getRepetition()).isEqualTo(Type.Repetition.REQUIRED);
    assertThat(SCHEMA.getType("_airbyte_meta").getRepetition()).isEqualTo(Type.Repetition.REQUIRED);
    assertThat(SCHEMA.getType("id").getRepetition()).isEqualTo(Type.Repetition.OPTIONAL);
    assertThat(SCHEMA.getType("_airbyte_additional_properties").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.mapType());
  }

  @Test
  void listsUseTheThreeLevelStructureWithNullableElements() {
    GroupType tags = SCHEMA.getType("tags").asGroupType();
    assertThat(tags.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
    GroupType list = tags.getType("list").asGroupType();
    assertThat(list.getRepetition()).isEqualTo(Type.Repetition.REPEATED);
    assertThat(list.getType("element").getRepetition()).isEqualTo(Type.Repetition.OPTIONAL);
  }

  @Test
  void unionsAreGroupsWithATypeAndNamedMembers() {
    GroupType either = SCHEMA.getType("either").asGroupType();
    assertThat(either.getFields()).extracting(Type::getName).containsExactly("type", "integer", "string");
    assertThat(either.getType("type").getRepetition()).isEqualTo(Type.Repetition.REQUIRED);
  }
}
