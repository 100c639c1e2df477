package dev.awsconnectors.destination.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.destination.s3.config.S3Config;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.format.FileFormat;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3DestinationTest {
  private static final JsonNode SCHEMA = ProtocolCodec.readTreeUnchecked("{\"type\":\"object\",\"properties\":{"
      + "\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"object\",\"properties\":{\"c\":{},\"d\":{}}},"
      + "\"e\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"f\":{},\"g\":{}}}}}}");

  private static S3Config config(String format, int budgetMb) {
    ObjectNode json = TestConfigs.json("{\"s3_bucket_name\":\"bucket\",\"s3_bucket_path\":\"p\","
        + "\"format\":" + format + "}").put("memory_budget_mb", budgetMb);
    return TestConfigs.parse(json);
  }

  private static List<JsonNode> streams(int n) {
    return Collections.nCopies(n, SCHEMA);
  }

  @Test
  void keepsParquetOptionsThatFitTheBudget() {
    S3Config config = config("{\"format_type\":\"Parquet\"}", 1024);
    assertThat(S3Destination.effectiveFormat(config, streams(2))).isEqualTo(config.format());
  }

  @Test
  void lowersParquetBuffersWhenManyStreamsShareTheBudget() {
    S3Config config = config("{\"format_type\":\"Parquet\",\"compression_codec\":\"ZSTD\"}", 400);
    // 20 MiB per stream: 10 MiB row groups; 5 + 5 columns share 5 MiB, 256 KiB each for page and dictionary, the
    // dictionary counted at 6 times its size in the heap: 42 KiB.
    assertThat(S3Destination.effectiveFormat(config, streams(20))).isEqualTo(new FileFormat.Parquet(
        FileFormat.ParquetCodec.ZSTD, 10, 0, 256, 42, true));
    assertThat(S3Destination.effectiveFormat(config("{\"format_type\":\"Parquet\",\"max_padding_size_mb\":64}",
        512), streams(4))).isEqualTo(new FileFormat.Parquet(FileFormat.ParquetCodec.UNCOMPRESSED, 64, 32, 1024,
        273, true));
    assertThat(S3Destination.effectiveFormat(config("{\"format_type\":\"Parquet\"}", 16), streams(1000)))
        .isEqualTo(new FileFormat.Parquet(FileFormat.ParquetCodec.UNCOMPRESSED, 1, 0, 64, 16, true));
  }

  @Test
  void countsLeafColumns() {
    assertThat(dev.awsconnectors.destination.s3.write.ParquetSizingAccess.leafColumns(SCHEMA)).isEqualTo(5);
  }

  @Test
  void leavesOtherFormatsAlone() {
    S3Config config = config("{\"format_type\":\"JSONL\"}", 16);
    assertThat(S3Destination.effectiveFormat(config, streams(1000))).isSameAs(config.format());
  }

  @Test
  void namesContentTypes() {
    assertThat(S3Destination.contentType(".parquet")).isEqualTo("application/vnd.apache.parquet");
    assertThat(S3Destination.contentType(".csv.gz")).isEqualTo("application/gzip");
    assertThat(S3Destination.contentType(".avro")).isEqualTo("application/avro");
    assertThat(S3Destination.contentType(".x")).isEqualTo("application/octet-stream");
  }
}
