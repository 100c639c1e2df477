package dev.awsconnectors.kinesis.record;

/** The few protobuf wire-format rules the KPL aggregate needs: varints and length-delimited fields. */
final class Protobuf {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private Protobuf() {}

  static int tag(int field, int wireType) {
    return (field << 3) | wireType;
  }

  static int varintSize(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  /** Size of a length-delimited field (one-byte tag) holding {@code length} bytes. */
  static int fieldSize(int length) {
    return 1 + varintSize(length) + length;
  }

  /** Writes into a byte array, advancing a position. */
  static final class Writer {
    final byte[] buffer;
    int position;

    Writer(byte[] buffer, int position) {
      this.buffer = buffer;
      this.position = position;
    }

    void varint(long value) {
      while ((value & ~0x7FL) != 0) {
        buffer[position++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      buffer[position++] = (byte) value;
    }

    void bytesField(int field, byte[] bytes) {
      varint(tag(field, LENGTH_DELIMITED));
      varint(bytes.length);
      System.arraycopy(bytes, 0, buffer, position, bytes.length);
      position += bytes.length;
    }
  }

  /** Reads a region of a byte array; any malformation throws {@link Malformed}. */
  static final class Reader {
    private final byte[] buffer;
    private int position;
    private final int end;

    Reader(byte[] buffer, int position, int end) {
      this.buffer = buffer;
      this.position = position;
      this.end = end;
    }

    boolean hasMore() {
      return position < end;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= end) {
          throw new Malformed("truncated varint");
        }
        byte b = buffer[position++];
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new Malformed("varint too long");
    }

    /** Returns {@code [start, end)} of a length-delimited value and skips it. */
    int[] lengthDelimited() {
      long length = varint();
      if (length < 0 || length > end - position) {
        throw new Malformed("length beyond the message");
      }
      int start = position;
      position += (int) length;
      return new int[] {start, position};
    }

    void skip(int wireType) {
      switch (wireType) {
        case VARINT -> varint();
        case FIXED64 -> advance(8);
        case LENGTH_DELIMITED -> lengthDelimited();
        case FIXED32 -> advance(4);
        default -> throw new Malformed("unsupported wire type " + wireType);
      }
    }

    private void advance(int bytes) {
      if (bytes > end - position) {
        throw new Malformed("truncated field");
      }
      position += bytes;
    }
  }

  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
