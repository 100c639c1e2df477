package dev.awsconnectors.destination.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.destination.s3.support.FileReaders;
import dev.awsconnectors.destination.s3.support.InProcessSync;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.testkit.S3ProxyExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every format and compression through the connector into S3Proxy, read back with the format's own reader, equal to
 * the input.
 */
class FormatRoundTripIT {
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final JsonNode SCHEMA = ProtocolCodec.readTreeUnchecked("{\"type\":\"object\",\"properties\":{"
      + "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":[\"null\",\"string\"]},\"score\":{\"type\":\"number\"},"
      + "\"active\":{\"type\":\"boolean\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
      + "\"address\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
      + "\"zip\":{\"type\":\"string\"}}}}}");

  static Stream<Arguments> formats() {
    List<Arguments> all = new ArrayList<>();
    for (String type : new String[] {"CSV", "JSONL"}) {
      for (String compression : new String[] {"No Compression", "GZIP"}) {
        for (String flattening : new String[] {"No flattening", "Root level flattening"}) {
          all.add(Arguments.of("{\"format_type\":\"" + type + "\",\"flattening\":\"" + flattening + "\","
              + "\"compression\":{\"compression_type\":\"" + compression + "\"}}"));
        }
      }
    }
    for (String codec : new String[] {"{\"codec\":\"no compression\"}", "{\"codec\":\"Deflate\",\"compression_level\":5}",
        "{\"codec\":\"bzip2\"}", "{\"codec\":\"xz\",\"compression_level\":2}",
        "{\"codec\":\"zstandard\",\"compression_level\":3,\"include_checksum\":true}", "{\"codec\":\"snappy\"}"}) {
      all.add(Arguments.of("{\"format_type\":\"Avro\",\"compression_codec\":" + codec + "}"));
    }
    for (String codec : new String[] {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZ4", "ZSTD"}) {
      all.add(Arguments.of("{\"format_type\":\"Parquet\",\"compression_codec\":\"" + codec + "\"}"));
    }
    return all.stream();
  }

  private static List<ObjectNode> input() {
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ObjectNode data = ProtocolCodec.mapper().createObjectNode();
      data.put("id", i);
      if (i % 7 != 0) {
        data.put("name", "name " + i + (i % 5 == 0 ? " line\nbreak, \"quoted\" ünïcødé 🚀" : ""));
      } else {
        data.putNull("name");
      }
      data.put("score", i * 1.5).put("active", i % 2 == 0);
      data.putArray("tags").add("t" + i).add("x");
      data.putObject("address").put("city", "Paris").put("zip", String.format("%05d", i));
      records.add(data);
    }
    return records;
  }

  @ParameterizedTest
  @MethodSource("formats")
  void writesFilesThatTheFormatsOwnReaderReadsBackAsTheInput(String format) throws Exception {
    String bucket = S3.newBucket();
    ObjectNode config = TestConfigs.s3proxy(S3, bucket, "out");
    ObjectNode formatNode = TestConfigs.json(format);
    config.set("format", formatNode);
    String extension = TestConfigs.parse(config).format().extension();
    List<ObjectNode> input = input();
    InProcessSync sync = new InProcessSync(config, List.of(InProcessSync.stream("ns", "users", SCHEMA, "append",
        null, null)));
    for (ObjectNode data : input) {
      sync.record("ns", "users", data);
    }
    sync.finish();

    List<S3Object> objects = S3.list(bucket, "out/");
    assertThat(objects).hasSize(1);
    String key = objects.get(0).key();
    assertThat(key).matches("out/ns/users/\\d{4}_\\d{2}_\\d{2}_\\d+_0" + java.util.regex.Pattern.quote(extension));
    List<ObjectNode> rows = FileReaders.read(extension, S3.get(bucket, key));
    assertThat(rows).hasSize(input.size());
    boolean flattened = format.contains("Root level") || format.contains("Avro") || format.contains("Parquet");
    for (int i = 0; i < input.size(); i++) {
      ObjectNode row = rows.get(i);
      assertThat(row.get("_airbyte_ab_id").asText()).matches("[0-9a-f-]{36}");
      assertThat(row.get("_airbyte_emitted_at").asLong()).isEqualTo(1_700_000_000_000L);
      JsonNode expected = input.get(i);
      if (format.contains("CSV")) {
        assertCsvRow(row, expected, flattened);
      } else if (!flattened) {
        assertThat(FileReaders.normalized(row.get("_airbyte_data"))).isEqualTo(FileReaders.normalized(expected));
      } else {
        ObjectNode data = row.deepCopy();
        data.remove(List.of("_airbyte_ab_id", "_airbyte_emitted_at", "_airbyte_additional_properties"));
        removeNullAdditional(data);
        assertThat(FileReaders.normalized(data)).as("record %d in %s", i, format)
            .isEqualTo(FileReaders.normalized(expected));
      }
    }
  }

  private static void removeNullAdditional(ObjectNode data) {
    data.fields().forEachRemaining(e -> {
      if (e.getValue().isObject()) {
        ((ObjectNode) e.getValue()).remove("_airbyte_additional_properties");
      }
    });
  }

  private static void assertCsvRow(ObjectNode row, JsonNode expected, boolean flattened) {
    if (!flattened) {
      assertThat(FileReaders.normalized(ProtocolCodec.readTreeUnchecked(row.get("_airbyte_data").asText())))
          .isEqualTo(FileReaders.normalized(expected));
      return;
    }
    expected.fields().forEachRemaining(e -> {
      JsonNode value = e.getValue();
      String text = value.isNull() ? "" : value.isContainerNode() ? ProtocolCodec.serialize(value) : value.asText();
      String actual = row.get(e.getKey()).asText();
      if (value.isContainerNode()) {
        assertThat(ProtocolCodec.readTreeUnchecked(actual)).isEqualTo(value);
      } else if (value.isNumber()) {
        assertThat(new java.math.BigDecimal(actual)).isEqualByComparingTo(value.decimalValue());
      } else {
        assertThat(actual).isEqualTo(text);
      }
    });
  }
}
