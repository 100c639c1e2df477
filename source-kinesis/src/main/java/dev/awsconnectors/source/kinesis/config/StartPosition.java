package dev.awsconnectors.source.kinesis.config;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the first sync of a stream starts reading shards that have no saved position.
 *
 * @param timestamp set exactly when {@code kind} is {@link Kind#AT_TIMESTAMP}
 */
public record StartPosition(Kind kind, Optional<Instant> timestamp) {

  /** The spec's {@code start_position} values. */
  public enum Kind { TRIM_HORIZON, LATEST, AT_TIMESTAMP }

  public StartPosition {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(timestamp, "timestamp");
    if ((kind == Kind.AT_TIMESTAMP) != timestamp.isPresent()) {
      throw new IllegalArgumentException("A timestamp goes with AT_TIMESTAMP and only with it");
    }
  }

  public static StartPosition trimHorizon() {
    return new StartPosition(Kind.TRIM_HORIZON, Optional.empty());
  }

  public static StartPosition latest() {
    return new StartPosition(Kind.LATEST, Optional.empty());
  }

  public static StartPosition atTimestamp(Instant timestamp) {
    return new StartPosition(Kind.AT_TIMESTAMP, Optional.of(timestamp));
  }

  /**
   * The timestamp from which shards without a position are read, fixed when a stream is first read: none for
   * TRIM_HORIZON (read from the oldest record), the configured one for AT_TIMESTAMP, and {@code now} for LATEST.
   * LATEST is resolved to a timestamp rather than to Kinesis' LATEST iterator so that records arriving between two
   * syncs on a shard that had no record yet are not skipped by the next sync.
   */
  public Optional<Instant> resolve(Instant now) {
    return switch (kind) {
      case TRIM_HORIZON -> Optional.empty();
      case LATEST -> Optional.of(now);
      case AT_TIMESTAMP -> timestamp;
    };
  }

  @Override
  public String toString() {
    return kind == Kind.AT_TIMESTAMP ? "AT_TIMESTAMP " + timestamp.orElseThrow() : kind.name();
  }
}
