package dev.awsconnectors.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** Reads files back with each format's own reader, in memory. */
public final class Readers {
  private Readers() {}

  /** Avro's {@code DataFileReader}, without logical-type conversions (raw ints and longs). */
  public static List<GenericRecord> avro(byte[] bytes) {
    try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new SeekableByteArrayInput(bytes),
        new GenericDatumReader<>(null, null, new GenericData()))) {
      List<GenericRecord> out = new ArrayList<>();
      reader.forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static org.apache.avro.Schema avroSchema(byte[] bytes) {
    try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new SeekableByteArrayInput(bytes),
        new GenericDatumReader<>())) {
      return reader.getSchema();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** parquet-avro's {@code AvroParquetReader}, without logical-type conversions. */
  public static List<GenericRecord> parquet(byte[] bytes) {
    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(inputFile(bytes),
        new PlainParquetConfiguration()).withDataModel(new GenericData()).build()) {
      List<GenericRecord> out = new ArrayList<>();
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        out.add(r);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ParquetMetadata parquetFooter(byte[] bytes) {
    try (ParquetFileReader reader = ParquetFileReader.open(inputFile(bytes))) {
      return reader.getFooter();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static InputFile inputFile(byte[] bytes) {
    return new InputFile() {
      @Override
      public long getLength() {
        return bytes.length;
      }

      @Override
      public SeekableInputStream newStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new DelegatingSeekableInputStream(in) {
          @Override
          public long getPos() {
            return bytes.length - in.available();
          }

          @Override
          public void seek(long newPos) {
            in.reset();
            in.skip(newPos);
          }
        };
      }
    };
  }
}
