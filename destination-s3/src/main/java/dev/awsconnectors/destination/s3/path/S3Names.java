package dev.awsconnectors.destination.s3.path;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Turns names and values into S3-safe key text, the way Airbyte's destination-s3 does for namespaces and stream
 * names (Unicode NFKD, combining marks dropped, every character outside AWS's safe set replaced by {@code _}), so
 * keys stay where Airbyte put them. See https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html.
 */
public final class S3Names {
  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}");
  /** Letters and digits (ASCII), {@code / ! _ . * ' ) (} and the "special handling" set {@code & $ @ = ; : + , ? -}. */
  private static final Pattern UNSAFE = Pattern.compile("[^\\p{Alnum}/!_.*')(&$@=;:+,?\\-]");
  /** Longest partition value kept as is; longer ones are shortened with a hash so that keys stay under 1024 bytes. */
  static final int MAX_PARTITION_VALUE_LENGTH = 128;

  private S3Names() {}

  /** A namespace or stream name as it appears in keys; {@code /} is kept, as Airbyte keeps it. */
  public static String s3Safe(String name) {
    String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD);
    return UNSAFE.matcher(COMBINING_MARKS.matcher(decomposed).replaceAll("")).replaceAll("_");
  }

  /**
   * A record value as one path segment: S3-safe, without {@code /} (a value never adds directories), never
   * {@code .} or {@code ..}, and at most {@value #MAX_PARTITION_VALUE_LENGTH} characters (a longer value keeps its
   * first 111 characters, then {@code ~} and 16 hex digits of its SHA-256, so distinct values stay distinct).
   */
  public static String partitionValue(String raw) {
    String safe = s3Safe(raw).replace('/', '_');
    if (safe.equals(".") || safe.equals("..")) {
      safe = safe.replace('.', '_');
    }
    if (safe.length() > MAX_PARTITION_VALUE_LENGTH) {
      String hash = HexFormat.of().formatHex(sha256(raw)).substring(0, 16);
      safe = safe.substring(0, MAX_PARTITION_VALUE_LENGTH - 17) + "~" + hash;
    }
    return safe;
  }

  /** Collapses repeated slashes and drops leading ones: {@code /a//b/} becomes {@code a/b/}. */
  public static String normalizeSlashes(String key) {
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '/' && (out.length() == 0 || out.charAt(out.length() - 1) == '/')) {
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
