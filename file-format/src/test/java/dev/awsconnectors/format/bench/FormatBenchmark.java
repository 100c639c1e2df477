package dev.awsconnectors.format.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.format.AirbyteColumns;
import dev.awsconnectors.format.FileFormat;
import dev.awsconnectors.format.FileFormat.AvroCodec;
import dev.awsconnectors.format.FileFormat.Compression;
import dev.awsconnectors.format.FileFormat.Flattening;
import dev.awsconnectors.format.FileFormat.ParquetCodec;
import dev.awsconnectors.format.FileFormats;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.FormatWriterFactory;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.StreamSchema;
import dev.awsconnectors.format.schema.AvroRecordMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
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

/**
 * Throughput and memory of each format through our {@link FormatWriter} (JSON records in, file bytes out) next to the
 * bare library writer on the same records in the same run: Avro {@code DataFileWriter} and parquet-avro
 * {@code ParquetWriter} given ready-made {@code GenericRecord}s (so their figures exclude JSON conversion), Jackson
 * and commons-csv writing the same JSONL/CSV lines through {@code GZIPOutputStream}. Output goes to a counting sink
 * (no I/O). Formats that compress in blocks (gzip CSV/JSONL, compressed Avro) run twice: with the default number of
 * compression threads ({@link FileFormats#DEFAULT_COMPRESSION_THREADS}) and with one (compressing on the writing
 * thread, as the bare writers do).
 *
 * <pre>
 * ./run-benchmark.sh file-format [-Dbench.records=30000] [-Dbench.repeat=3] [-Dbench.only=gzip]
 * </pre>
 *
 * <p>Each case runs {@code bench.repeat} times, ours and bare alternating, and the fastest run of each is shown.
 * MB/s = MB of input JSON ({@code data} as compact JSON) per second. "held" = live heap just before the file is
 * finished (after a full GC), minus the live heap before the run: what the writer keeps (an Avro block, a Parquet row
 * group, blocks being compressed). "alloc" = bytes allocated by the writing thread per byte of input (the
 * compression threads' allocations are not counted). "cpu ms/MB" = CPU milliseconds per MB of input of the writing
 * thread / of the whole process (every thread, GC included): on a machine busy with other work MB/s says little, but
 * with N idle cores a writer runs at most at 1000 / max(writer, all / N) MB/s. {@code bench.only} keeps the cases
 * whose name contains it.
 */
public final class FormatBenchmark {
  private static final double MB = 1024.0 * 1024.0;
  private static final String META = "{\"sync_id\":1,\"changes\":[]}";

  private FormatBenchmark() {}

  /** Writes all records into {@code out}; calls {@code beforeFinish} just before the file is completed. */
  @FunctionalInterface
  interface Job {
    void run(OutputStream out, List<OutputRecord> records, Runnable beforeFinish) throws IOException;
  }

  /** {@code single} is ours with one compression thread, or null where the format does not compress in blocks. */
  record Case(String format, Job ours, Job single, Job bare) {}

  /** CPU times in nanoseconds: of the writing thread, and of the whole process (every thread, GC included). */
  record Result(double seconds, long bytes, long heldBytes, long allocated, long writerCpu, long processCpu) {}

  public static void main(String[] args) throws Exception {
    int count = Integer.getInteger("bench.records", 30_000);
    int repeat = Integer.getInteger("bench.repeat", 3);
    List<OutputRecord> records = OrderRecords.generate(count, 42);
    long inputBytes = 0;
    for (OutputRecord r : records) {
      inputBytes += ProtocolCodec.serialize(r.data()).getBytes(StandardCharsets.UTF_8).length;
    }
    StreamSchema stream = new StreamSchema(new StreamDescriptor("orders", "shop"), OrderRecords.schema(),
        AirbyteColumns.V2, 1L, 1L);
    AvroRecordMapper mapper = AvroRecordMapper.create(stream);
    List<GenericRecord> generic = new ArrayList<>(count);
    for (OutputRecord r : records) {
      generic.add(mapper.map(r));
    }
    Schema schema = mapper.schema();

    List<Case> cases = List.of(
        text("JSONL", new FileFormat.Jsonl(Flattening.NONE, Compression.NONE), stream,
            (out, rs, before) -> bareJsonl(out, rs, before, false)),
        text("JSONL gzip", new FileFormat.Jsonl(Flattening.NONE, Compression.GZIP), stream,
            (out, rs, before) -> bareJsonl(out, rs, before, true)),
        text("CSV", new FileFormat.Csv(Flattening.NONE, Compression.NONE), stream,
            (out, rs, before) -> bareCsv(out, rs, before, false)),
        text("CSV gzip", new FileFormat.Csv(Flattening.NONE, Compression.GZIP), stream,
            (out, rs, before) -> bareCsv(out, rs, before, true)),
        avro("Avro null", new FileFormat.Avro(AvroCodec.NULL, 0, false), CodecFactory.nullCodec(), stream,
            schema, generic),
        avro("Avro snappy", new FileFormat.Avro(AvroCodec.SNAPPY, 0, false), CodecFactory.snappyCodec(), stream,
            schema, generic),
        avro("Avro deflate 6", new FileFormat.Avro(AvroCodec.DEFLATE, 6, false), CodecFactory.deflateCodec(6),
            stream, schema, generic),
        avro("Avro zstandard 3", new FileFormat.Avro(AvroCodec.ZSTANDARD, 3, false),
            CodecFactory.zstandardCodec(3, false), stream, schema, generic),
        avro("Avro bzip2", new FileFormat.Avro(AvroCodec.BZIP2, 0, false), CodecFactory.bzip2Codec(), stream,
            schema, generic),
        avro("Avro xz 6", new FileFormat.Avro(AvroCodec.XZ, 6, false), CodecFactory.xzCodec(6), stream, schema,
            generic),
        parquet("Parquet uncompressed", ParquetCodec.UNCOMPRESSED, CompressionCodecName.UNCOMPRESSED, stream,
            schema, generic),
        parquet("Parquet snappy", ParquetCodec.SNAPPY, CompressionCodecName.SNAPPY, stream, schema, generic),
        parquet("Parquet zstd", ParquetCodec.ZSTD, CompressionCodecName.ZSTD, stream, schema, generic));

    System.out.printf(Locale.ROOT, "%d records, %.1f MB of JSON input, best of %d; Java %s, %d cores, max heap %.0f MB%n",
        count, inputBytes / MB, repeat, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / MB);
    String only = System.getProperty("bench.only", "");
    cases = cases.stream().filter(c -> c.format().contains(only)).toList();
    List<OutputRecord> warmup = records.subList(0, Math.min(records.size(), Math.max(1000, count / 10)));
    for (Case c : cases) {
      measure(c.ours(), warmup);
      if (c.single() != null) {
        measure(c.single(), warmup);
      }
      measure(c.bare(), warmup);
    }
    System.out.printf(Locale.ROOT, "ours: %d compression threads per file; 1 thread: ours compressing on the writing "
        + "thread; bare: the library alone%n", FileFormats.DEFAULT_COMPRESSION_THREADS);
    System.out.printf(Locale.ROOT, "%-20s | %9s %8s %8s %7s %11s | %9s %7s | %9s %8s %8s %7s %11s%n", "format",
        "ours MB/s", "out MB", "held MB", "alloc", "cpu ms/MB", "1 thread", "x bare", "bare MB/s", "out MB",
        "held MB", "alloc", "cpu ms/MB");
    for (Case c : cases) {
      Result ours = null;
      Result single = null;
      Result bare = null;
      for (int i = 0; i < repeat; i++) { // best of N, alternating: the machine may be shared
        ours = best(ours, measure(c.ours(), records));
        if (c.single() != null) {
          single = best(single, measure(c.single(), records));
        }
        bare = best(bare, measure(c.bare(), records));
      }
      double bareRate = inputBytes / MB / bare.seconds();
      double oursRate = inputBytes / MB / ours.seconds();
      System.out.printf(Locale.ROOT,
          "%-20s | %9.1f %8.1f %8.1f %6.1fx %11s | %9s %6.2fx | %9.1f %8.1f %8.1f %6.1fx %11s%n",
          c.format(), oursRate, ours.bytes() / MB, ours.heldBytes() / MB, (double) ours.allocated() / inputBytes,
          cpu(ours, inputBytes),
          single == null ? "-" : String.format(Locale.ROOT, "%.1f", inputBytes / MB / single.seconds()),
          oursRate / bareRate, bareRate, bare.bytes() / MB, bare.heldBytes() / MB,
          (double) bare.allocated() / inputBytes, cpu(bare, inputBytes));
    }
  }

  /** "writer/all": CPU ms per MB of input of the writing thread and of every thread. */
  private static String cpu(Result result, long inputBytes) {
    return String.format(Locale.ROOT, "%.0f/%.0f", result.writerCpu() / 1e6 / (inputBytes / MB),
        result.processCpu() / 1e6 / (inputBytes / MB));
  }

  private static Case text(String label, FileFormat format, StreamSchema stream, Job bare) {
    boolean blocks = format instanceof FileFormat.Jsonl j ? j.compression() != Compression.NONE
        : ((FileFormat.Csv) format).compression() != Compression.NONE;
    return new Case(label, ours(format, stream, FileFormats.DEFAULT_COMPRESSION_THREADS),
        blocks ? ours(format, stream, 1) : null, bare);
  }

  private static Result best(Result a, Result b) {
    return a == null || b.seconds() < a.seconds() ? b : a;
  }

  private static Job ours(FileFormat format, StreamSchema stream, int threads) {
    FormatWriterFactory factory = FileFormats.factory(format, stream, threads);
    return (out, records, beforeFinish) -> {
      FormatWriter writer = factory.open(out);
      for (OutputRecord record : records) {
        writer.write(record);
      }
      beforeFinish.run();
      writer.finish();
    };
  }

  private static Case avro(String label, FileFormat.Avro format, CodecFactory codec, StreamSchema stream,
      Schema schema, List<GenericRecord> generic) {
    return new Case(label, ours(format, stream, FileFormats.DEFAULT_COMPRESSION_THREADS),
        format.codec() == AvroCodec.NULL ? null : ours(format, stream, 1), (out, records, beforeFinish) -> {
      try (DataFileWriter<GenericRecord> writer =
          new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema, GenericData.get()))) {
        writer.setCodec(codec);
        writer.create(schema, out);
        for (int i = 0; i < records.size(); i++) {
          writer.append(generic.get(i));
        }
        beforeFinish.run();
      }
    });
  }

  private static Case parquet(String label, ParquetCodec codec, CompressionCodecName name, StreamSchema stream,
      Schema schema, List<GenericRecord> generic) {
    FileFormat.Parquet format = new FileFormat.Parquet(codec, 128, 8, 1024, 1024, true);
    return new Case(label, ours(format, stream, 1), null, (out, records, beforeFinish) -> {
      PlainParquetConfiguration conf = new PlainParquetConfiguration();
      conf.set("parquet.avro.write-old-list-structure", "false");
      try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(ByteSinks.outputFile(out))
          .withSchema(schema).withDataModel(GenericData.get()).withConf(conf)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withCompressionCodec(name).build()) {
        for (int i = 0; i < records.size(); i++) {
          writer.write(generic.get(i));
        }
        beforeFinish.run();
      }
    });
  }

  private static void bareJsonl(OutputStream target, List<OutputRecord> records, Runnable beforeFinish,
      boolean gzip) throws IOException {
    OutputStream out = gzip ? new GZIPOutputStream(target, 64 * 1024) : target;
    try (JsonGenerator gen = ProtocolCodec.mapper().createGenerator(out)) {
      gen.setRootValueSeparator(null);
      for (OutputRecord r : records) {
        gen.writeStartObject();
        gen.writeStringField("_airbyte_raw_id", r.rawId().toString());
        gen.writeNumberField("_airbyte_extracted_at", r.emittedAt());
        gen.writeFieldName("_airbyte_meta");
        gen.writeRawValue(META);
        gen.writeNumberField("_airbyte_generation_id", 1L);
        gen.writeFieldName("_airbyte_data");
        ProtocolCodec.mapper().writeTree(gen, r.data());
        gen.writeEndObject();
        gen.writeRaw('\n');
      }
      beforeFinish.run();
    }
  }

  private static void bareCsv(OutputStream target, List<OutputRecord> records, Runnable beforeFinish,
      boolean gzip) throws IOException {
    OutputStream out = gzip ? new GZIPOutputStream(target, 64 * 1024) : target;
    try (CSVPrinter printer = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
        64 * 1024), CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.NON_NUMERIC).get())) {
      printer.printRecord("_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_meta", "_airbyte_generation_id",
          "_airbyte_data");
      for (OutputRecord r : records) {
        printer.printRecord(r.rawId().toString(), r.emittedAt(), META, 1L, ProtocolCodec.serialize(r.data()));
      }
      beforeFinish.run();
    }
  }

  private static Result measure(Job job, List<OutputRecord> records) throws IOException {
    ByteSinks.CountingSink sink = new ByteSinks.CountingSink();
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long baseline = liveHeap();
    long[] held = new long[1];
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    long writerCpuStart = threads.getCurrentThreadCpuTime();
    long processCpuStart = os.getProcessCpuTime();
    long[] pause = new long[3];
    job.run(sink, records, () -> {
      long t = System.nanoTime();
      long writer = threads.getCurrentThreadCpuTime();
      long process = os.getProcessCpuTime();
      held[0] = Math.max(0, liveHeap() - baseline);
      pause[0] = System.nanoTime() - t;
      pause[1] = threads.getCurrentThreadCpuTime() - writer;
      pause[2] = os.getProcessCpuTime() - process;
    });
    double seconds = (System.nanoTime() - start - pause[0]) / 1e9;
    long writerCpu = threads.getCurrentThreadCpuTime() - writerCpuStart - pause[1];
    long processCpu = os.getProcessCpuTime() - processCpuStart - pause[2];
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    return new Result(seconds, sink.count(), held[0], allocated, writerCpu, processCpu);
  }

  /** Heap in use after a full collection. */
  private static long liveHeap() {
    System.gc();
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        MemoryUsage usage = pool.getUsage();
        used += usage.getUsed();
      }
    }
    return used;
  }
}
