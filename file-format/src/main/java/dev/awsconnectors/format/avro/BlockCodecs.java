package dev.awsconnectors.format.avro;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStream;
import dev.awsconnectors.format.FileFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;
import org.apache.avro.file.BZip2Codec;
import org.apache.avro.file.Codec;
import org.apache.avro.file.DeflateCodec;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;
import org.xerial.snappy.Snappy;

/**
 * The block codecs of Avro files, one instance per compressing thread (Avro's codecs keep state between blocks, so an
 * instance is never shared). Each writes what Avro's codec of the same name writes, which Avro's and every other
 * reader decode; {@code xz} and {@code zstandard} differ from Avro's own in memory only: Avro's open a new stream per
 * block with the level's full window ({@code xz} level 9 allocates about 600 MB of match-finder arrays, level 6 about
 * 90 MB, for every 64 KB block; {@code zstandard} above level 19 a window of up to 128 MB of native memory). A window
 * larger than the block cannot find more matches, so ours cap it at the block's size: same output size, any decoder.
 */
final class BlockCodecs {
  private BlockCodecs() {}

  /** A new codec of {@code format}; levels were validated when the format was read. */
  static Codec create(FileFormat.Avro format) {
    return switch (format.codec()) {
      case NULL -> new NullCodec();
      case DEFLATE -> new DeflateCodec(format.compressionLevel());
      case BZIP2 -> new BZip2Codec();
      case XZ -> new XzCodec(format.compressionLevel());
      case ZSTANDARD -> new ZstdCodec(format.compressionLevel(), format.includeChecksum());
      case SNAPPY -> new SnappyCodec();
    };
  }

  private static byte[] bytes(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    return bytes;
  }

  private static ByteBuffer readAll(InputStream in) throws IOException {
    try (in) {
      return ByteBuffer.wrap(in.readAllBytes());
    }
  }

  /** Avro's {@code null} codec: the block as it is. */
  static final class NullCodec extends Codec {
    @Override
    public String getName() {
      return "null";
    }

    @Override
    public ByteBuffer compress(ByteBuffer data) {
      return data;
    }

    @Override
    public ByteBuffer decompress(ByteBuffer data) {
      return data;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof NullCodec;
    }

    @Override
    public int hashCode() {
      return NullCodec.class.hashCode();
    }
  }

  /** Avro's {@code snappy} codec: a raw snappy block followed by the big-endian CRC-32 of the uncompressed block. */
  static final class SnappyCodec extends Codec {
    private final CRC32 crc = new CRC32();

    @Override
    public String getName() {
      return "snappy";
    }

    @Override
    public ByteBuffer compress(ByteBuffer data) throws IOException {
      int offset = data.arrayOffset() + data.position();
      int length = data.remaining();
      byte[] out = new byte[Snappy.maxCompressedLength(length) + 4];
      int size = Snappy.compress(data.array(), offset, length, out, 0);
      crc.reset();
      crc.update(data.array(), offset, length);
      ByteBuffer.wrap(out).putInt(size, (int) crc.getValue());
      return ByteBuffer.wrap(out, 0, size + 4);
    }

    @Override
    public ByteBuffer decompress(ByteBuffer data) throws IOException {
      byte[] in = bytes(data);
      byte[] out = Snappy.uncompress(Arrays.copyOf(in, in.length - 4));
      crc.reset();
      crc.update(out, 0, out.length);
      if ((int) crc.getValue() != ByteBuffer.wrap(in).getInt(in.length - 4)) {
        throw new IOException("Checksum failure");
      }
      return ByteBuffer.wrap(out);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof SnappyCodec;
    }

    @Override
    public int hashCode() {
      return SnappyCodec.class.hashCode();
    }
  }

  /** xz with the preset's settings and a dictionary no larger than the block (at least 4 KiB). */
  static final class XzCodec extends Codec {
    private final int level;

    XzCodec(int level) {
      this.level = level;
    }

    @Override
    public String getName() {
      return "xz";
    }

    @Override
    public ByteBuffer compress(ByteBuffer data) throws IOException {
      LZMA2Options options = new LZMA2Options(level);
      options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(options.getDictSize(), data.remaining())));
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.remaining() / 2));
      try (XZOutputStream xz = new XZOutputStream(out, options, XZ.CHECK_CRC64, BasicArrayCache.getInstance())) {
        xz.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
      }
      return ByteBuffer.wrap(out.toByteArray());
    }

    @Override
    public ByteBuffer decompress(ByteBuffer data) throws IOException {
      return readAll(new XZInputStream(new ByteArrayInputStream(bytes(data))));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof XzCodec x && x.level == level;
    }

    @Override
    public int hashCode() {
      return Objects.hash("xz", level);
    }

    @Override
    public String toString() {
      return "xz-" + level;
    }
  }

  /** One zstd frame per block with its content size, so zstd sizes the window to the block. */
  static final class ZstdCodec extends Codec {
    private final int level;
    private final boolean checksum;

    ZstdCodec(int level, boolean checksum) {
      this.level = level;
      this.checksum = checksum;
    }

    @Override
    public String getName() {
      return "zstandard";
    }

    @Override
    public ByteBuffer compress(ByteBuffer data) {
      try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
        ctx.setLevel(level);
        ctx.setChecksum(checksum);
        ctx.setContentSize(true);
        return ByteBuffer.wrap(ctx.compress(bytes(data)));
      }
    }

    @Override
    public ByteBuffer decompress(ByteBuffer data) throws IOException {
      return readAll(new ZstdInputStream(new ByteArrayInputStream(bytes(data))));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ZstdCodec z && z.level == level && z.checksum == checksum;
    }

    @Override
    public int hashCode() {
      return Objects.hash("zstandard", level, checksum);
    }

    @Override
    public String toString() {
      return "zstandard[" + level + "]";
    }
  }
}
