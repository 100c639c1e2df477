package dev.awsconnectors.destination.s3.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awsconnectors.format.bench.ByteSinks;
import dev.awsconnectors.format.bench.ByteSinks.CountingSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * The baseline of the benchmark, run as its own JVM: the bare libraries (Jackson, commons-csv, Avro's
 * DataFileWriter, parquet-avro's ParquetWriter) writing the same records into a stream that only counts bytes, with
 * a hand-written schema and mapping: what the formats cost without the connector, S3 or the protocol's bookkeeping.
 * Prints {@code BARE <records> <bytes in> <bytes out> <seconds>}.
 */
public final class BareWriters {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BareWriters() {}

  public static void main(String[] args) throws Exception {
    String format = args[0];
    Path file = Path.of(args[1]);
    CountingSink sink = new CountingSink();
    long start = System.nanoTime();
    long records = 0;
    long bytesIn = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); Writer writer = writer(format,
        sink)) {
      for (String line; (line = in.readLine()) != null;) {
        bytesIn += line.length() + 1;
        JsonNode record = MAPPER.readTree(line).get("record");
        writer.write(record.get("data"), record.get("emitted_at").asLong());
        records++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.println("BARE " + records + " " + bytesIn + " " + sink.count() + " " + seconds);
  }

  interface Writer extends AutoCloseable {
    void write(JsonNode data, long emittedAt) throws IOException;

    @Override
    void close() throws IOException;
  }

  static Writer writer(String format, OutputStream sink) throws IOException {
    return switch (format) {
      case "jsonl" -> jsonl(new GZIPOutputStream(sink, 1 << 16));
      case "csv" -> csv(new GZIPOutputStream(sink, 1 << 16));
      case "avro" -> avro(sink);
      case "parquet" -> parquet(sink);
      default -> throw new IllegalArgumentException(format);
    };
  }

  private static Writer jsonl(OutputStream out) throws IOException {
    JsonGenerator gen = MAPPER.getFactory().createGenerator(out);
    return new Writer() {
      @Override
      public void write(JsonNode data, long emittedAt) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("_airbyte_ab_id", UUID.randomUUID().toString());
        gen.writeNumberField("_airbyte_emitted_at", emittedAt);
        gen.writeFieldName("_airbyte_data");
        MAPPER.writeTree(gen, data);
        gen.writeEndObject();
        gen.writeRaw('\n');
      }

      @Override
      public void close() throws IOException {
        gen.close();
      }
    };
  }

  private static Writer csv(OutputStream out) throws IOException {
    CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
        CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.NON_NUMERIC).get());
    printer.printRecord("_airbyte_ab_id", "_airbyte_emitted_at", "_airbyte_data");
    return new Writer() {
      @Override
      public void write(JsonNode data, long emittedAt) throws IOException {
        printer.printRecord(UUID.randomUUID().toString(), emittedAt, MAPPER.writeValueAsString(data));
      }

      @Override
      public void close() throws IOException {
        printer.close();
      }
    };
  }

  static final Schema ADDRESS = SchemaBuilder.record("address").fields()
      .optionalString("street").optionalString("city").optionalString("zip").endRecord();
  static final Schema SCHEMA = SchemaBuilder.record("bench").namespace("ns").fields()
      .requiredString("_airbyte_ab_id").requiredLong("_airbyte_emitted_at")
      .optionalLong("id").optionalString("name").optionalString("email").optionalDouble("score")
      .optionalBoolean("active").optionalLong("created_at")
      .name("tags").type().optional().array().items().stringType()
      .name("address").type().optional().type(ADDRESS)
      .optionalString("description").endRecord();

  private static GenericRecord record(JsonNode data, long emittedAt) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("_airbyte_ab_id", UUID.randomUUID().toString());
    r.put("_airbyte_emitted_at", emittedAt);
    r.put("id", data.get("id").asLong());
    r.put("name", data.get("name").asText());
    r.put("email", data.get("email").asText());
    r.put("score", data.get("score").asDouble());
    r.put("active", data.get("active").asBoolean());
    OffsetDateTime created = OffsetDateTime.parse(data.get("created_at").asText());
    r.put("created_at", created.toEpochSecond() * 1_000_000 + created.getNano() / 1000);
    List<String> tags = new ArrayList<>();
    data.get("tags").forEach(t -> tags.add(t.asText()));
    r.put("tags", tags);
    GenericRecord address = new GenericData.Record(ADDRESS);
    JsonNode a = data.get("address");
    address.put("street", a.get("street").asText());
    address.put("city", a.get("city").asText());
    address.put("zip", a.get("zip").asText());
    r.put("address", address);
    r.put("description", data.get("description").asText());
    return r;
  }

  private static Writer avro(OutputStream out) throws IOException {
    DataFileWriter<GenericRecord> writer = new DataFileWriter<GenericRecord>(new GenericDatumWriter<>(SCHEMA))
        .setCodec(CodecFactory.snappyCodec());
    writer.create(SCHEMA, out);
    return new Writer() {
      @Override
      public void write(JsonNode data, long emittedAt) throws IOException {
        writer.append(record(data, emittedAt));
      }

      @Override
      public void close() throws IOException {
        writer.close();
      }
    };
  }

  private static Writer parquet(OutputStream out) throws IOException {
    OutputFile file = ByteSinks.outputFile(out);
    ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(file).withSchema(SCHEMA)
        .withConf(new PlainParquetConfiguration()).withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
    return new Writer() {
      @Override
      public void write(JsonNode data, long emittedAt) throws IOException {
        writer.write(record(data, emittedAt));
      }

      @Override
      public void close() throws IOException {
        writer.close();
      }
    };
  }
}
