package dev.awsconnectors.destination.s3.support;

import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.FormatWriterFactory;
import dev.awsconnectors.format.OutputRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A test-only format: one line per record, {@code <data JSON>\n}, written through, or buffered in memory until
 * {@code bufferBytes} is reached (like a Parquet row group) when that is positive. Independent of the format module.
 * A record with the field {@link #FAIL_HALFWAY} fails after half of its line; one with {@link #COERCED} counts as a
 * coerced value.
 */
public final class LineFormat implements FormatWriterFactory {
  /** A record with this field is written halfway, then the write fails. */
  public static final String FAIL_HALFWAY = "fail_halfway";
  /** A record with this field counts as one value coerced to fit its column. */
  public static final String COERCED = "coerced";
  private final int bufferBytes;

  public LineFormat() {
    this(0);
  }

  public LineFormat(int bufferBytes) {
    this.bufferBytes = bufferBytes;
  }

  @Override
  public FormatWriter open(OutputStream out) {
    return new FormatWriter() {
      private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      private long coerced;

      @Override
      public void write(OutputRecord record) throws IOException {
        byte[] line = (ProtocolCodec.serialize(record.data()) + "\n").getBytes(StandardCharsets.UTF_8);
        if (record.data().has(FAIL_HALFWAY)) {
          out.write(line, 0, line.length / 2);
          throw new IOException("failed halfway through a record");
        }
        if (record.data().has(COERCED)) {
          coerced++;
        }
        if (bufferBytes <= 0) {
          out.write(line);
          return;
        }
        buffer.write(line);
        if (buffer.size() >= bufferBytes) {
          buffer.writeTo(out);
          buffer.reset();
        }
      }

      @Override
      public void finish() throws IOException {
        buffer.writeTo(out);
        buffer.reset();
        out.flush();
      }

      @Override
      public long bufferedBytes() {
        return buffer.size();
      }

      @Override
      public long coercedValues() {
        return coerced;
      }
    };
  }

  @Override
  public String extension() {
    return ".jsonl";
  }
}
