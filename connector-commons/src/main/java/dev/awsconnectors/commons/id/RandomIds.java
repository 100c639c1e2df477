package dev.awsconnectors.commons.id;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Random version 4 UUIDs, as {@link UUID}s or as text ({@code 8-4-4-4-12} lowercase hex), for record ids
 * ({@code _airbyte_ab_id} / {@code _airbyte_raw_id}), file ids and random partition keys, at about 20 ns each instead
 * of the microsecond of {@link UUID#randomUUID()}.
 *
 * <p>Why not {@code UUID.randomUUID()}: its {@link SecureRandom} makes ids unpredictable, which these do not need: a
 * partition key only spreads records over shards, and a record id is written next to the record it names, so it is
 * no secret. They need uniqueness. Each instance draws from its own L128X256MixRandom generator (an LXM generator with
 * 384 bits of state and a period above 2^383), seeded once with 64 bits from {@code SecureRandom}. Its ids are 122
 * random bits like those of {@code SecureRandom} UUIDs, with the same birthday bound (about 2^61 ids); two writers
 * share a sequence only if they drew the same seed (odds 2^-64 per pair). A generator with 64 bits of state such as
 * {@code ThreadLocalRandom} would be weaker: all its streams are offsets of one sequence, so those of many processes
 * overlap sooner. Not thread-safe: one instance per thread.
 */
public final class RandomIds {
  /** The two hex digits of every byte value, at twice the value. */
  private static final byte[] HEX_PAIRS = new byte[512];

  static {
    byte[] hex = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    for (int b = 0; b < 256; b++) {
      HEX_PAIRS[2 * b] = hex[b >>> 4];
      HEX_PAIRS[2 * b + 1] = hex[b & 0xF];
    }
  }

  private final RandomGenerator random;
  private final byte[] text = new byte[36];

  /** Seeded from {@link SecureRandom}. */
  public RandomIds() {
    this(seed());
  }

  /** Seeded with {@code seed} (tests: the same seed gives the same ids). */
  RandomIds(long seed) {
    this.random = RandomGeneratorFactory.of("L128X256MixRandom").create(seed);
  }

  /** From the non-blocking source ({@code nextLong}, unlike {@code generateSeed}, never waits for entropy). */
  private static long seed() {
    return new SecureRandom().nextLong();
  }

  /** The next id as a UUID. */
  public UUID nextUuid() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // variant 10
    return new UUID(high, low);
  }

  /** The next id as text, {@code nextUuid().toString()} without the UUID. */
  public String next() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // variant 10
    hex(high >>> 32, 8, 0);
    text[8] = '-';
    hex(high >>> 16, 4, 9);
    text[13] = '-';
    hex(high, 4, 14);
    text[18] = '-';
    hex(low >>> 48, 4, 19);
    text[23] = '-';
    hex(low, 12, 24);
    return new String(text, 0, 36, StandardCharsets.ISO_8859_1);
  }

  /** Writes the low {@code digits} (an even number) hex digits of {@code value} at {@code at}, a byte a step. */
  private void hex(long value, int digits, int at) {
    for (int i = at + digits - 2; i >= at; i -= 2) {
      int pair = 2 * (int) (value & 0xFF);
      text[i] = HEX_PAIRS[pair];
      text[i + 1] = HEX_PAIRS[pair + 1];
      value >>>= 8;
    }
  }
}
