package dev.awsconnectors.source.kinesis.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final String DATE_PART = "(\\d{4})-(\\d{2})-(\\d{2})";
  private static final String TIME_PART = "(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d{1,9})?";
  private static final String OFFSET_PART = "(Z|z|[+-](\\d{2}):(\\d{2}))?";
  private static final Pattern DATE_ONLY = Pattern.compile(DATE_PART);
  private static final Pattern TIMESTAMP = Pattern.compile(DATE_PART + "[Tt]" + TIME_PART + OFFSET_PART);
  private static final Pattern TIME_ONLY = Pattern.compile(TIME_PART + OFFSET_PART);

  private final Optional<String> format;
  private final Optional<String> airbyteType;

  TemporalKind(Optional<String> format, Optional<String> airbyteType) {
    this.format = format;
    this.airbyteType = airbyteType;
  }

  /** The kind of {@code text}, if it is a valid date, timestamp or time in one of the recognised shapes. */
  static Optional<TemporalKind> of(String text) {
    int length = text.length();
    if (length < 8 || length > 40 || !Character.isDigit(text.charAt(0))) {
      return Optional.empty(); // cheap rejection of most strings
    }
    // One pattern per shape, chosen by the character that tells them apart: a date has '-' at 4, a time ':' at 2.
    if (text.charAt(2) == ':') {
      Matcher m = TIME_ONLY.matcher(text);
      if (!m.matches() || !validTime(m, 1) || !validOffset(m, 5)) {
        return Optional.empty();
      }
      return Optional.of(m.group(4) == null ? TIME_WITHOUT_TIMEZONE : TIME_WITH_TIMEZONE);
    }
    if (text.charAt(4) != '-') {
      return Optional.empty();
    }
    if (length == 10) {
      Matcher m = DATE_ONLY.matcher(text);
      return m.matches() && validDate(m, 1) ? Optional.of(DATE) : Optional.empty();
    }
    Matcher m = TIMESTAMP.matcher(text);
    if (!m.matches() || !validDate(m, 1) || !validTime(m, 4) || !validOffset(m, 8)) {
      return Optional.empty();
    }
    return Optional.of(m.group(7) == null ? TIMESTAMP_WITHOUT_TIMEZONE : TIMESTAMP_WITH_TIMEZONE);
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

  private static boolean validDate(Matcher m, int group) {
    return exists(() -> LocalDate.of(number(m, group), number(m, group + 1), number(m, group + 2)));
  }

  private static boolean validTime(Matcher m, int group) {
    return exists(() -> LocalTime.of(number(m, group), number(m, group + 1), number(m, group + 2)));
  }

  private static int number(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }

  /** Whether {@code value} builds: java.time refuses a day, an hour or an offset that does not exist. */
  private static boolean exists(Supplier<?> value) {
    try {
      value.get();
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** {@code group} is the offset's hours; a missing or {@code Z} offset is valid. */
  private static boolean validOffset(Matcher m, int group) {
    if (m.group(group) == null) {
      return true;
    }
    int sign = m.group(group - 1).startsWith("-") ? -1 : 1;
    return exists(() -> ZoneOffset.ofHoursMinutes(sign * number(m, group), sign * number(m, group + 1)));
  }
}
