package dev.awsconnectors.commons.runtime;

import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The stream names and namespaces of the RECORD lines read so far, and their descriptors: a name is decoded once, and
 * the records of a stream get the same strings and the same {@link StreamDescriptor}, whether the streams come in runs
 * or interleaved (the usual database sync). Lookups by stream downstream then hash strings whose hash is cached and
 * match by reference.
 *
 * <p>Two tables of {@value #SLOTS} slots, each slot keeping the last text (or descriptor) that hashed to it: memory
 * does not grow with the number of streams; beyond that many, some names are decoded again, with the same result.
 * Not thread-safe.
 */
final class StreamNameCache {
  static final int SLOTS = 256;

  private final byte[][] bytes = new byte[SLOTS][];
  private final String[] texts = new String[SLOTS];
  private final StreamDescriptor[] descriptors = new StreamDescriptor[SLOTS];

  /** The text of the UTF-8 bytes {@code b[from, from + length)}: the same String as last time for the same bytes. */
  String text(byte[] b, int from, int length) {
    int hash = length;
    for (int k = from; k < from + length; k++) {
      hash = 31 * hash + b[k];
    }
    int slot = slot(hash);
    byte[] known = bytes[slot];
    if (known == null || known.length != length || !Arrays.equals(b, from, from + length, known, 0, length)) {
      known = Arrays.copyOfRange(b, from, from + length);
      bytes[slot] = known;
      texts[slot] = new String(known, StandardCharsets.UTF_8);
    }
    return texts[slot];
  }

  /** The stream {@code name} in {@code namespace} (null: none); the same descriptor as last time for the same names. */
  StreamDescriptor descriptor(String name, String namespace) {
    int hash = 31 * name.hashCode() + (namespace == null ? 0 : namespace.hashCode());
    int slot = slot(hash);
    StreamDescriptor known = descriptors[slot];
    if (known == null || !known.name().equals(name) || !Objects.equals(known.namespace(), namespace)) {
      known = new StreamDescriptor(name, namespace);
      descriptors[slot] = known;
    }
    return known;
  }

  /** The slot of a hash: its low bits, mixed with the higher ones so that names differing late still spread. */
  private static int slot(int hash) {
    return (hash ^ (hash >>> 8) ^ (hash >>> 16)) & (SLOTS - 1);
  }
}
