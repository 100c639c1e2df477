package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.S3ProxyExtension;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Typed data through the jars: JSON payloads with typed fields in kinesis-mock -> source-kinesis with its defaults
 * (flattened records, the payload schema inferred at discover) -> destination-s3 writing Parquet into S3Proxy. The
 * files, read back with another engine (DuckDB), have a typed column per payload field (BIGINT, DOUBLE, TIMESTAMP
 * WITH TIME ZONE, DATE, BOOLEAN, a STRUCT for the nested object, a LIST for the array) holding exactly the input's
 * values.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TypedPipelineIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final int RECORDS = 40;
  private static final Instant FIRST = Instant.parse("2024-05-01T00:00:00Z");

  @Test
  void inferredFlattenedRecordsLandInTypedParquetColumnsEqualToTheInput(@TempDir Path files) throws Exception {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("typed"), 2);
    Map<Long, ObjectNode> input = writePayloads(stream);
    ObjectNode source = Messages.object().put("region", KINESIS.region())
        .put("endpoint", KINESIS.endpoint().toString()).put("access_key_id", KINESIS.accessKey())
        .put("secret_access_key", KINESIS.secretKey());
    source.putArray("streams").add(stream);

    ConnectorResult discovered = ConnectorProcess.ofModule("source-kinesis").discover(source);
    assertThat(discovered.exitCode()).as(discovered.toString()).isZero();
    JsonNode offered = discovered.ofType("CATALOG").get(0).at("/catalog/streams/0");
    JsonNode catalog = Messages.catalog(Messages.configuredStream(null, stream, offered.get("json_schema"),
        "full_refresh", "append"));
    ConnectorResult read = ConnectorProcess.ofModule("source-kinesis").read(source, catalog, null);
    assertThat(read.exitCode()).as(read.toString()).isZero();
    assertThat(read.records()).hasSize(RECORDS);

    String bucket = S3.newBucket();
    ConnectorResult written = ConnectorProcess.ofModule("destination-s3").write(parquetConfig(bucket), catalog,
        read.messages().stream().filter(m -> !m.path("type").asText().equals("LOG")).map(ProtocolCodec::serialize)
            .toList());
    assertThat(written.exitCode()).as(written.toString()).isZero();

    List<Path> parquet = new ArrayList<>();
    for (S3Object object : S3.list(bucket, "")) {
      Path file = files.resolve("f" + parquet.size() + ".parquet");
      Files.write(file, S3.get(bucket, object.key()));
      parquet.add(file);
    }
    assertThat(parquet).isNotEmpty();
    String table = "read_parquet('" + files.resolve("*.parquet") + "', union_by_name = true)";
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duckdb.createStatement()) {
      Map<String, String> types = new HashMap<>();
      try (ResultSet rs = sql.executeQuery("DESCRIBE SELECT * FROM " + table)) {
        while (rs.next()) {
          types.put(rs.getString("column_name"), rs.getString("column_type"));
        }
      }
      assertThat(types).containsEntry("id", "BIGINT").containsEntry("amount", "DOUBLE")
          .containsEntry("created_at", "TIMESTAMP WITH TIME ZONE").containsEntry("day", "DATE")
          .containsEntry("paid", "BOOLEAN").containsEntry("note", "VARCHAR").containsEntry("tags", "VARCHAR[]")
          .containsEntry("_kinesis_shard_id", "VARCHAR")
          .containsEntry("_kinesis_approximate_arrival_timestamp", "TIMESTAMP WITH TIME ZONE");
      assertThat(types.get("shipping")).startsWith("STRUCT(city VARCHAR, zip VARCHAR");
      Map<Long, Object[]> rows = new HashMap<>();
      try (ResultSet rs = sql.executeQuery("SELECT id, amount, epoch_us(created_at), day, paid, shipping.city, "
          + "shipping.zip, to_json(tags)::VARCHAR, note, _kinesis_shard_id, _airbyte_additional_properties IS NULL "
          + "FROM " + table)) {
        while (rs.next()) {
          Object[] row = new Object[11];
          for (int i = 0; i < row.length; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.put((Long) row[0], row);
        }
      }
      assertThat(rows.keySet()).isEqualTo(input.keySet());
      input.forEach((id, in) -> {
        Object[] row = rows.get(id);
        assertThat(row[1]).as("amount of %d", id).isEqualTo(in.get("amount").doubleValue());
        assertThat(row[2]).as("created_at of %d", id)
            .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(in.get("created_at").asText())));
        assertThat(row[3]).as("day of %d", id).isEqualTo(LocalDate.parse(in.get("day").asText()));
        assertThat(row[4]).isEqualTo(in.get("paid").booleanValue());
        assertThat(row[5]).isEqualTo(in.at("/shipping/city").asText());
        assertThat(row[6]).isEqualTo(in.at("/shipping/zip").textValue());
        assertThat(ProtocolCodec.readTreeUnchecked((String) row[7])).isEqualTo(in.get("tags"));
        assertThat(row[8]).isEqualTo(in.get("note").textValue());
        assertThat((String) row[9]).startsWith("shardId-");
        assertThat(row[10]).as("nothing was coerced for %d", id).isEqualTo(true);
      });
    }
  }

  /** Writes the typed payloads, spread over the shards; returns them by id. */
  private static Map<Long, ObjectNode> writePayloads(String stream) {
    Map<Long, ObjectNode> payloads = new HashMap<>();
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (long id = 0; id < RECORDS; id++) {
      ObjectNode p = Messages.object().put("id", id)
          .put("amount", new BigDecimal(id * 100 + 25).movePointLeft(2))
          .put("created_at", FIRST.plusSeconds(id * 3_601).plusMillis(id).toString())
          .put("day", LocalDate.of(2024, 5, 1).plusDays(id).toString())
          .put("paid", id % 2 == 0);
      p.putObject("shipping").put("city", "city-" + id % 3).put("zip", id % 5 == 0 ? null : "z" + id);
      p.putArray("tags").add("t" + id).add("common");
      p.put("note", id % 4 == 0 ? null : "note " + id);
      payloads.put(id, p);
      entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + id)
          .data(SdkBytes.fromUtf8String(p.toString())).build());
    }
    KINESIS.client().putRecords(r -> r.streamName(stream).records(entries));
    return payloads;
  }

  private static ObjectNode parquetConfig(String bucket) {
    ObjectNode config = Messages.object().put("s3_bucket_name", bucket).put("s3_bucket_path", "typed")
        .put("s3_bucket_region", S3.region()).put("s3_endpoint", S3.endpoint().toString())
        .put("access_key_id", S3.accessKey()).put("secret_access_key", S3.secretKey());
    config.putObject("format").put("format_type", "Parquet");
    return config;
  }
}
