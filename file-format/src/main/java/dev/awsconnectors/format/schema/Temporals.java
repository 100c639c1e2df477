package dev.awsconnectors.format.schema;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Lenient parsing of the dates, times and timestamps sources really send, into the numbers of Avro's logical types.
 * Accepted: ISO 8601 dates ({@code 2021-01-01}, {@code -0044-03-15}, {@code +10000-01-01}), a {@code T} or a space
 * before the time, minutes and seconds optional, 0-9 fraction digits, offsets {@code Z}, {@code +01}, {@code +0100},
 * {@code +01:00}, {@code +01:00:00}, and a trailing {@code BC}/{@code AD} era (PostgreSQL: {@code 0044-03-15 BC} is
 * year -43). Fractions finer than a microsecond are truncated. Anything else is not a date.
 */
public final class Temporals {
  /** Tried in order, each only if the previous did not match: {@code +01:00[:00]}, {@code +0100[00]}, {@code +01}. */
  private static final DateTimeFormatter OFFSET = new DateTimeFormatterBuilder()
      .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMMss", "Z").optionalEnd()
      .optionalStart().appendOffset("+HH", "Z").optionalEnd()
      .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
      .appendValue(ChronoField.HOUR_OF_DAY, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .optionalEnd().optionalEnd().optionalEnd()
      .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart()
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .append(TIME)
      .optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .append(OFFSET)
      .toFormatter(Locale.ROOT)
      .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter TIME_ONLY = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(TIME)
      .optionalStart().appendLiteral(' ').optionalEnd()
      .append(OFFSET)
      .toFormatter(Locale.ROOT)
      .withResolverStyle(ResolverStyle.STRICT);
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private Temporals() {}

  /** What was parsed: a date, a time of day if present, and an offset if present. */
  private record Parsed(LocalDate date, LocalTime time, ZoneOffset offset) {}

  private static Parsed parse(String text) {
    Parsed fast = parseCommon(text);
    if (fast != null) {
      return fast;
    }
    String s = text.strip();
    if (s.isEmpty() || !(Character.isDigit(s.charAt(0)) || s.charAt(0) == '-' || s.charAt(0) == '+')) {
      return null; // cheap rejection of most non-dates, without a parse exception
    }
    boolean bc = false;
    if (s.length() > 3) {
      String end = s.substring(s.length() - 3);
      if (end.equalsIgnoreCase(" BC")) {
        bc = true;
        s = s.substring(0, s.length() - 3);
      } else if (end.equalsIgnoreCase(" AD")) {
        s = s.substring(0, s.length() - 3);
      }
    }
    try {
      TemporalAccessor t = DATE_TIME.parse(s);
      LocalDate date = LocalDate.from(t);
      if (bc) {
        if (date.getYear() < 1) {
          return null;
        }
        date = date.withYear(1 - date.getYear());
      }
      LocalTime time = t.isSupported(ChronoField.HOUR_OF_DAY) ? LocalTime.from(t) : null;
      ZoneOffset offset = t.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(t) : null;
      return new Parsed(date, time, offset);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * The common shapes ({@code yyyy-MM-dd}, then {@code T} or a space, {@code HH:mm[:ss[.f...]]}, then nothing,
   * {@code Z} or {@code ±HH[[:]mm]}) without the formatter's allocations; null for anything else, which then goes
   * through the formatter (so both paths accept the same texts).
   */
  private static Parsed parseCommon(String s) {
    int n = s.length();
    if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    if (year < 0 || month < 0 || day < 0) {
      return null;
    }
    try {
      LocalDate date = LocalDate.of(year, month, day);
      if (n == 10) {
        return new Parsed(date, null, null);
      }
      char sep = s.charAt(10);
      if ((sep != 'T' && sep != 't' && sep != ' ') || n < 16 || s.charAt(13) != ':') {
        return null;
      }
      int hour = digits(s, 11, 2);
      int minute = digits(s, 14, 2);
      int second = 0;
      int nano = 0;
      int i = 16;
      if (i < n && s.charAt(i) == ':') {
        second = digits(s, 17, 2);
        i = 19;
        if (i < n && s.charAt(i) == '.') {
          int start = ++i;
          while (i < n && i - start < 9 && Character.isDigit(s.charAt(i))) {
            nano = nano * 10 + (s.charAt(i++) - '0');
          }
          if (i == start || (i < n && Character.isDigit(s.charAt(i)))) {
            return null;
          }
          for (int k = i - start; k < 9; k++) {
            nano *= 10;
          }
        }
      }
      if (hour < 0 || minute < 0 || second < 0) {
        return null;
      }
      LocalTime time = LocalTime.of(hour, minute, second, nano);
      if (i == n) {
        return new Parsed(date, time, null);
      }
      char z = s.charAt(i);
      if ((z == 'Z' || z == 'z') && i + 1 == n) {
        return new Parsed(date, time, ZoneOffset.UTC);
      }
      if (z != '+' && z != '-') {
        return null;
      }
      int oh = digits(s, i + 1, 2);
      int om = 0;
      if (i + 3 == n) {
        om = 0;
      } else if (i + 6 == n && s.charAt(i + 3) == ':') {
        om = digits(s, i + 4, 2);
      } else if (i + 5 == n) {
        om = digits(s, i + 3, 2);
      } else {
        return null;
      }
      if (oh < 0 || om < 0) {
        return null;
      }
      int sign = z == '-' ? -1 : 1;
      return new Parsed(date, time, ZoneOffset.ofHoursMinutes(sign * oh, sign * om));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int digits(String s, int from, int count) {
    if (from + count > s.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Days since 1970-01-01 of the date as written (a timestamp's date part in its own offset); null if not a date. */
  public static Integer epochDay(String text) {
    Parsed p = parse(text);
    if (p == null) {
      return null;
    }
    long day = p.date().toEpochDay();
    return day == (int) day ? (int) day : null;
  }

  /**
   * Microseconds since the epoch of an instant: a value without offset is taken as UTC, a date alone as midnight
   * UTC. Null if not a timestamp or out of range.
   */
  public static Long instantMicros(String text) {
    Parsed p = parse(text);
    if (p == null) {
      return null;
    }
    LocalDateTime local = p.date().atTime(p.time() == null ? LocalTime.MIDNIGHT : p.time());
    return micros(local, p.offset() == null ? ZoneOffset.UTC : p.offset());
  }

  /**
   * Microseconds since 1970-01-01T00:00 of a wall-clock date-time ({@code local-timestamp-micros}): an offset, if
   * present, is dropped and the wall-clock time kept as written. Null if not a timestamp or out of range.
   */
  public static Long localMicros(String text) {
    Parsed p = parse(text);
    if (p == null) {
      return null;
    }
    return micros(p.date().atTime(p.time() == null ? LocalTime.MIDNIGHT : p.time()), ZoneOffset.UTC);
  }

  /**
   * Microseconds since midnight of a time of day. With {@code toUtc} an offset converts the time to UTC (the time
   * wraps around midnight); otherwise the offset is dropped. A full timestamp gives its time part.
   */
  public static Long timeMicros(String text, boolean toUtc) {
    String s = text.strip();
    if (s.isEmpty() || !Character.isDigit(s.charAt(0))) {
      return null;
    }
    LocalTime time;
    ZoneOffset offset;
    try {
      TemporalAccessor t = TIME_ONLY.parse(s);
      time = LocalTime.from(t);
      offset = t.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(t) : null;
    } catch (DateTimeException e) {
      Parsed p = parse(s);
      if (p == null || p.time() == null) {
        return null;
      }
      time = p.time();
      offset = p.offset();
    }
    long micros = time.toNanoOfDay() / 1000;
    if (toUtc && offset != null) {
      micros = Math.floorMod(micros - offset.getTotalSeconds() * 1_000_000L, MICROS_PER_DAY);
    }
    return micros;
  }

  private static Long micros(LocalDateTime local, ZoneOffset offset) {
    try {
      long seconds = local.toEpochSecond(offset);
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), local.getNano() / 1000);
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
