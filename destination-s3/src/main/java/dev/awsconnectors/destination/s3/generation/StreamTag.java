package dev.awsconnectors.destination.s3.generation;

import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tag stored with a stream's objects ({@code x-amz-meta-ab-stream}): 32 hex digits of a SHA-256 of the
 * namespace and name (a null and an empty namespace differ). Metadata must be ASCII; names need not be.
 */
public final class StreamTag {
  private StreamTag() {}

  public static String of(StreamDescriptor stream) {
    String text = (stream.namespace() == null ? "\u0001" : "\u0002" + stream.namespace()) + "\u0000"
        + stream.name();
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
