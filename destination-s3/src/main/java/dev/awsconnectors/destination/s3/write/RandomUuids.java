package dev.awsconnectors.destination.s3.write;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for {@code _airbyte_ab_id} / {@code _airbyte_raw_id}, from a fast generator seeded from
 * {@link SecureRandom}: {@link UUID#randomUUID()} takes a lock on the system's secure generator for every record.
 * One instance per thread.
 */
final class RandomUuids {
  private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());

  UUID next() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
