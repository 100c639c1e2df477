package dev.awsconnectors.destination.s3.path;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The sync's start, in UTC, fixed once per sync: every path of a sync gets the same date and epoch values, as in
 * Airbyte's destination-s3.
 */
public record SyncTime(Instant start) {

  public SyncTime {
    start = start.truncatedTo(ChronoUnit.MILLIS);
  }

  ZonedDateTime utc() {
    return start.atZone(ZoneOffset.UTC);
  }

  /** The value of a time variable, formatted exactly as Airbyte does ({@code %04d} milliseconds included). */
  String value(PathVariable variable) {
    ZonedDateTime t = utc();
    return switch (variable) {
      case YEAR -> String.valueOf(t.getYear());
      case MONTH -> String.format("%02d", t.getMonthValue());
      case DAY -> String.format("%02d", t.getDayOfMonth());
      case HOUR -> String.format("%02d", t.getHour());
      case MINUTE -> String.format("%02d", t.getMinute());
      case SECOND -> String.format("%02d", t.getSecond());
      case MILLISECOND -> String.format("%04d", t.getNano() / 1_000_000);
      case EPOCH -> String.valueOf(start.toEpochMilli());
      case NAMESPACE, STREAM_NAME, UUID -> throw new IllegalArgumentException(variable + " is not a time variable");
    };
  }
}
