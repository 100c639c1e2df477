package dev.awsconnectors.destination.s3.storage;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** The bytes of an object or part; {@link #open()} may be called again for a retry. */
public interface ObjectBody {

  long length();

  /** A new stream over the bytes, from the start. */
  InputStream open();

  static ObjectBody of(byte[] bytes) {
    return new ObjectBody() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }
}
