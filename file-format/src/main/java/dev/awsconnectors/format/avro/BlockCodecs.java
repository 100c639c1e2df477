package dev.awsconnectors.format.avro;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.avro.file.Codec;
import org.apache.avro.file.CodecFactory;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * Avro's {@code xz} and {@code zstandard} codecs, writing the same standard streams, but sized to the block. Avro's
 * own codecs open a new stream per block with the level's full window: {@code xz} level 9 allocates about 600 MB of
 * match-finder arrays (level 6: about 90 MB) for every 64 KB block, and {@code zstandard} levels above 19 a window of
 * up to 128 MB of native memory. A window larger than the block cannot find more matches, so these codecs cap it at
 * the block's size: the output is the same size and any xz or zstd decoder reads it.
 */
final class SizedBlockCodecs {
  private SizedBlockCodecs() {}

  static CodecFactory xz(int level) {
    return new CodecFactory() {
      @Override
      protected Codec createInstance() {
        return new XzCodec(level);
      }
    };
  }

  static CodecFactory zstandard(int level, boolean checksum) {
    return new CodecFactory() {
      @Override
      protected Codec createInstance() {
        return new ZstdCodec(level, checksum);
      }
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
        byte[] in = bytes(data);
        xz.write(in, 0, in.length);
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
