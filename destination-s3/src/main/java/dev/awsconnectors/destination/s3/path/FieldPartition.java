package dev.awsconnectors.destination.s3.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code ${FIELD:<path>}} or {@code ${FIELD:<path>:<date pattern>}} variable: the value of a record field as one
 * path segment, optionally read as a date or timestamp and formatted with a {@link DateTimeFormatter} pattern in UTC.
 *
 * <p>Deterministic for every value: a missing or null field gives {@value #NULL_VALUE}, an empty string
 * {@value #EMPTY_VALUE}, an object or array (or, with a pattern, a value that is not an ISO-8601 date or timestamp)
 * {@value #INVALID_VALUE}. Other values are made S3-safe by {@link S3Names#partitionValue}.
 *
 * @param path the field's path in the record data: {@code created_at}, or {@code address.city} for a nested field
 * @param pattern the date pattern, or null to use the value as it is
 */
public record FieldPartition(List<String> path, String pattern, DateTimeFormatter formatter) {
  public static final String NULL_VALUE = "__null__";
  public static final String EMPTY_VALUE = "__empty__";
  public static final String INVALID_VALUE = "__invalid__";

  /** ISO-8601 with a space or a T between date and time, optional seconds and fraction, optional offset. */
  private static final DateTimeFormatter ISO_LENIENT = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HH", "Z").optionalEnd()
      .toFormatter(Locale.ROOT);

  /**
   * Parses the text after {@code FIELD:}.
   *
   * @throws IllegalArgumentException with a message for the user when the path or the pattern is invalid
   */
  static FieldPartition parse(String spec) {
    int colon = spec.indexOf(':');
    String pathText = colon < 0 ? spec : spec.substring(0, colon);
    String pattern = colon < 0 ? null : spec.substring(colon + 1);
    List<String> path = List.of(pathText.split("\\.", -1));
    if (pathText.isBlank() || path.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("${FIELD:" + spec + "} needs a field name such as ${FIELD:created_at} "
          + "or a nested path such as ${FIELD:address.city}");
    }
    DateTimeFormatter formatter = null;
    if (pattern != null) {
      if (pattern.isEmpty()) {
        throw new IllegalArgumentException("${FIELD:" + spec + "} has an empty date pattern after the second ':'");
      }
      try {
        formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
        formatter.format(Instant.EPOCH.atZone(ZoneOffset.UTC));
      } catch (IllegalArgumentException | DateTimeException e) {
        throw new IllegalArgumentException("${FIELD:" + spec + "} has an invalid date pattern '" + pattern + "' ("
            + e.getMessage() + "); use java.time.format.DateTimeFormatter letters such as yyyy-MM-dd");
      }
    }
    return new FieldPartition(path, pattern, formatter);
  }

  /** The path segment for {@code data}. */
  public String render(JsonNode data) {
    JsonNode value = data;
    for (String name : path) {
      value = value == null || !value.isObject() ? null : value.get(name);
    }
    if (value == null || value.isNull() || value.isMissingNode()) {
      return NULL_VALUE;
    }
    if (value.isContainerNode()) {
      return INVALID_VALUE;
    }
    String text = value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
    if (formatter != null) {
      return value.isTextual() ? formatDate(text).orElse(INVALID_VALUE) : INVALID_VALUE;
    }
    return text.isEmpty() ? EMPTY_VALUE : S3Names.partitionValue(text);
  }

  private Optional<String> formatDate(String text) {
    ZonedDateTime utc;
    try {
      utc = toUtc(text.strip());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    // The pattern's own characters (such as '/' in yyyy/MM/dd) are the user's choice; the rest is digits and letters.
    String formatted = S3Names.s3Safe(formatter.format(utc));
    return formatted.isEmpty() ? Optional.empty() : Optional.of(formatted);
  }

  private static ZonedDateTime toUtc(String text) {
    if (text.length() == 10) {
      return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC);
    }
    var parsed = ISO_LENIENT.parse(text);
    LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed), java.time.LocalTime.of(
        parsed.get(ChronoField.HOUR_OF_DAY), parsed.get(ChronoField.MINUTE_OF_HOUR),
        parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0,
        parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.get(ChronoField.NANO_OF_SECOND) : 0));
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      return OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)))
          .atZoneSameInstant(ZoneOffset.UTC);
    }
    return local.atZone(ZoneOffset.UTC);
  }

  /** The pattern matching the rendered segments (a date pattern may add its own slashes). */
  String regex() {
    return formatter == null ? "[^/]+" : ".+";
  }
}
