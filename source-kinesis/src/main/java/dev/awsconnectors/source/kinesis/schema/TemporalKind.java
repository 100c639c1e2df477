package dev.awsconnectors.source.kinesis.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The kinds of date and time strings inference recognises, each with the JSON schema annotations Airbyte expects
 * for it (its "supported data types" table). Recognition is strict: RFC 3339 shapes only ({@code T} separator,
 * seconds present, offset {@code Z} or {@code ±hh:mm}), and the values must exist on the calendar and the clock,
 * so that every destination parses what is declared. Near misses ({@code 2024-02-30}, {@code 2024-1-5},
 * {@code 2024-05-01 10:00:00}, {@code 2024-05-01T10:00Z}) stay plain strings.
 */
enum TemporalKind {
  DATE(Optional.of("date"), Optional.empty()),
  TIMESTAMP_WITH_TIMEZONE(Optional.of("date-time"), Optional.of("timestamp_with_timezone")),
  TIMESTAMP_WITHOUT_TIMEZONE(Optional.of("date-time"), Optional.of("timestamp_without_timezone")),
  TIME_WITH_TIMEZONE(Optional.empty(), Optional.of("time_with_timezone")),
  TIME_WITHOUT_TIMEZONE(Optional.empty(), Optional.of("time_without_timezone"));

  private final Optional<String> format;
  private final Optional<String> airbyteType;

  TemporalKind(Optional<String> format, Optional<String> airbyteType) {
    this.format = format;
    this.airbyteType = airbyteType;
  }

  /**
   * The kind of {@code text}, if it is a valid date, timestamp or time in one of the recognised shapes:
   * {@code yyyy-mm-dd}, {@code yyyy-mm-dd[Tt]hh:mm:ss[.f{1,9}][offset]} and {@code hh:mm:ss[.f{1,9}][offset]}, with
   * an offset {@code Z}, {@code z} or {@code ±hh:mm}, ASCII digits only. Read by hand rather than with patterns:
   * records are checked against declared formats one string at a time.
   */
  static Optional<TemporalKind> of(String text) {
    int length = text.length();
    if (length < 8 || length > 40 || !isDigit(text, 0)) {
      return Optional.empty(); // cheap rejection of most strings
    }
    // A date has '-' at 4, a time ':' at 2.
    if (text.charAt(2) == ':') {
      int offset = time(text, 0);
      if (offset < 0) {
        return Optional.empty();
      }
      return zoned(offset(text, offset), TIME_WITHOUT_TIMEZONE, TIME_WITH_TIMEZONE);
    }
    if (length < 10 || !date(text)) {
      return Optional.empty();
    }
    if (length == 10) {
      return Optional.of(DATE);
    }
    if (text.charAt(10) != 'T' && text.charAt(10) != 't') {
      return Optional.empty();
    }
    int offset = time(text, 11);
    if (offset < 0) {
      return Optional.empty();
    }
    return zoned(offset(text, offset), TIMESTAMP_WITHOUT_TIMEZONE, TIMESTAMP_WITH_TIMEZONE);
  }

  /** What follows a time: nothing, a valid offset, or anything else. */
  private enum Offset { NONE, VALID, INVALID }

  /** The kind a time followed by {@code offset} is: {@code without} or {@code with} a timezone, or none. */
  private static Optional<TemporalKind> zoned(Offset offset, TemporalKind without, TemporalKind with) {
    return switch (offset) {
      case NONE -> Optional.of(without);
      case VALID -> Optional.of(with);
      case INVALID -> Optional.empty();
    };
  }

  /** Whether {@code text} starts with {@code yyyy-mm-dd} of a day that exists (proleptic Gregorian, as java.time). */
  private static boolean date(String text) {
    if (!isDigits(text, 0, 4) || text.charAt(4) != '-' || !isDigits(text, 5, 2) || text.charAt(7) != '-'
        || !isDigits(text, 8, 2)) {
      return false;
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    if (month < 1 || month > 12 || day < 1) {
      return false;
    }
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    int days = switch (month) {
      case 2 -> leap ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
    return day <= days;
  }

  /**
   * Reads {@code hh:mm:ss[.f{1,9}]} of a time that exists at {@code at}; returns the index after it, or -1. A leap
   * second (60) does not exist for java.time either.
   */
  private static int time(String text, int at) {
    if (text.length() < at + 8 || !isDigits(text, at, 2) || text.charAt(at + 2) != ':' || !isDigits(text, at + 3, 2)
        || text.charAt(at + 5) != ':' || !isDigits(text, at + 6, 2)) {
      return -1;
    }
    if (number(text, at, 2) > 23 || number(text, at + 3, 2) > 59 || number(text, at + 6, 2) > 59) {
      return -1;
    }
    int i = at + 8;
    if (i < text.length() && text.charAt(i) == '.') {
      int digits = 0;
      i++;
      while (i < text.length() && isDigit(text, i)) {
        i++;
        digits++;
      }
      if (digits < 1 || digits > 9) {
        return -1;
      }
    }
    return i;
  }

  /** The offset that ends {@code text} at {@code at}: none, {@code Z}/{@code z}, or {@code ±hh:mm} within ±18:00. */
  private static Offset offset(String text, int at) {
    int rest = text.length() - at;
    if (rest == 0) {
      return Offset.NONE;
    }
    char c = text.charAt(at);
    if (rest == 1) {
      return c == 'Z' || c == 'z' ? Offset.VALID : Offset.INVALID;
    }
    if (rest != 6 || (c != '+' && c != '-') || !isDigits(text, at + 1, 2) || text.charAt(at + 3) != ':'
        || !isDigits(text, at + 4, 2)) {
      return Offset.INVALID;
    }
    int hours = number(text, at + 1, 2);
    int minutes = number(text, at + 4, 2);
    return hours <= 18 && minutes <= 59 && hours * 60 + minutes <= 18 * 60 ? Offset.VALID : Offset.INVALID;
  }

  private static boolean isDigit(String text, int at) {
    char c = text.charAt(at);
    return c >= '0' && c <= '9';
  }

  private static boolean isDigits(String text, int at, int count) {
    for (int i = at; i < at + count; i++) {
      if (!isDigit(text, i)) {
        return false;
      }
    }
    return true;
  }

  private static int number(String text, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      value = value * 10 + text.charAt(i) - '0';
    }
    return value;
  }

  /** Adds this kind's {@code format} and {@code airbyte_type} to a string schema. */
  void annotate(ObjectNode schema) {
    format.ifPresent(f -> schema.put("format", f));
    airbyteType.ifPresent(t -> schema.put("airbyte_type", t));
  }

  /** The JSON schema {@code format} of this kind, if it has one. */
  Optional<String> format() {
    return format;
  }
}
