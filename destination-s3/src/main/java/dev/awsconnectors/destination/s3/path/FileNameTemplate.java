package dev.awsconnectors.destination.s3.path;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file name appended to a rendered path ({@code file_name_pattern}). Placeholders, as Airbyte documents them:
 * {@code {date}} ({@code yyyy_MM_dd}), {@code {date:<pattern>}} (any {@link DateTimeFormatter} pattern),
 * {@code {timestamp}} and {@code {timestamp:millis}} (epoch milliseconds), {@code {timestamp:micros}} (epoch
 * microseconds; Airbyte documented it but never implemented it), {@code {part_number}}, {@code {sync_id}} and
 * {@code {format_extension}}. Dates and timestamps are the file's creation time in UTC. Like Airbyte, the pattern is
 * trimmed, spaces become {@code _}, and no extension is added unless {@code {format_extension}} asks for it. An
 * unknown placeholder is a {@link TemplateException}.
 *
 * <p>Without a pattern the name is {@code {part_number}{format_extension}}, Airbyte's default.
 */
public final class FileNameTemplate {
  public static final String DEFAULT_PATTERN = "{part_number}{format_extension}";
  private static final DateTimeFormatter DEFAULT_DATE = DateTimeFormatter.ofPattern("yyyy_MM_dd", Locale.ROOT);
  /** Matches a clash suffix {@code -N} that {@link #withSuffix} adds. */
  private static final String SUFFIX_REGEX = "(?:-[0-9]+)?";

  sealed interface Segment permits Literal, DatePart, Timestamp, PartNumber, SyncId, Extension {}

  record Literal(String text) implements Segment {}

  record DatePart(String pattern, DateTimeFormatter formatter) implements Segment {}

  record Timestamp(ChronoUnit unit) implements Segment {}

  record PartNumber() implements Segment {}

  record SyncId() implements Segment {}

  record Extension() implements Segment {}

  /**
   * What a name depends on.
   *
   * @param createdAt the file's creation time (for dates and timestamps)
   * @param partNumber the file's number within its path
   * @param syncId the sync's id, or empty if unknown
   */
  public record Values(Instant createdAt, long partNumber, String syncId) {}

  private final String source;
  private final List<Segment> segments;
  private final String extension;
  private final Pattern pattern;

  private FileNameTemplate(String source, List<Segment> segments, String extension) {
    this.source = source;
    this.segments = List.copyOf(segments);
    this.extension = extension;
    this.pattern = Pattern.compile(regex());
  }

  /**
   * @param filePattern the configured pattern; null or blank for the default
   * @param extension the format's extension, such as {@code .csv.gz}
   * @throws TemplateException listing every problem
   */
  public static FileNameTemplate parse(String filePattern, String extension) {
    String text = filePattern == null || filePattern.isBlank() ? DEFAULT_PATTERN
        : filePattern.strip().replace(' ', '_');
    List<String> problems = new ArrayList<>();
    List<Segment> segments = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{') {
        int end = text.indexOf('}', i + 1);
        if (end < 0) {
          problems.add("the file name pattern has a '{' without a closing '}' at position " + (i + 1));
          break;
        }
        if (i > 0 && text.charAt(i - 1) == '$') {
          problems.add("the file name pattern uses ${" + text.substring(i + 1, end) + "}: file name placeholders "
              + "are written without '$', such as {part_number}");
        }
        if (literal.length() > 0) {
          segments.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        placeholder(text.substring(i + 1, end), segments, problems);
        i = end + 1;
      } else if (c == '}') {
        problems.add("the file name pattern has a '}' without an opening '{' at position " + (i + 1));
        i++;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      segments.add(new Literal(literal.toString()));
    }
    if (!problems.isEmpty()) {
      throw new TemplateException(problems);
    }
    return new FileNameTemplate(text, segments, extension);
  }

  private static void placeholder(String name, List<Segment> segments, List<String> problems) {
    switch (name) {
      case "date" -> segments.add(new DatePart("yyyy_MM_dd", DEFAULT_DATE));
      case "timestamp", "timestamp:millis" -> segments.add(new Timestamp(ChronoUnit.MILLIS));
      case "timestamp:micros", "timestamp:micro" -> segments.add(new Timestamp(ChronoUnit.MICROS));
      case "part_number" -> segments.add(new PartNumber());
      case "sync_id" -> segments.add(new SyncId());
      case "format_extension" -> segments.add(new Extension());
      default -> {
        if (name.startsWith("date:") && name.length() > 5) {
          String datePattern = name.substring(5);
          try {
            DateTimeFormatter formatter = DateTimeFormatter.ofPattern(datePattern, Locale.ROOT);
            formatter.format(Instant.EPOCH.atZone(ZoneOffset.UTC));
            segments.add(new DatePart(datePattern, formatter));
          } catch (IllegalArgumentException | DateTimeException e) {
            problems.add("the file name pattern has an invalid date pattern {" + name + "} (" + e.getMessage()
                + "); use java.time.format.DateTimeFormatter letters such as {date:yyyy_MM}");
          }
        } else {
          problems.add("the file name pattern uses the unknown placeholder {" + name + "}; known placeholders: "
              + "{date}, {date:<pattern>}, {timestamp}, {timestamp:millis}, {timestamp:micros}, {part_number}, "
              + "{sync_id}, {format_extension}");
        }
      }
    }
  }

  public String render(Values values) {
    StringBuilder out = new StringBuilder(32);
    for (Segment s : segments) {
      if (s instanceof Literal l) {
        out.append(l.text());
      } else if (s instanceof DatePart d) {
        out.append(d.formatter().format(values.createdAt().atZone(ZoneOffset.UTC)));
      } else if (s instanceof Timestamp t) {
        out.append(t.unit() == ChronoUnit.MICROS ? micros(values.createdAt()) : values.createdAt().toEpochMilli());
      } else if (s instanceof PartNumber) {
        out.append(values.partNumber());
      } else if (s instanceof SyncId) {
        out.append(values.syncId());
      } else if (s instanceof Extension) {
        out.append(extension);
      }
    }
    return out.toString();
  }

  /** True if names differ by part number, so that a clash is solved by taking the next number. */
  public boolean usesPartNumber() {
    return segments.stream().anyMatch(s -> s instanceof PartNumber);
  }

  /**
   * The name with a clash suffix {@code -n}: before the format extension if the name ends with it
   * ({@code 2024_01-1.csv.gz}), else at the end.
   */
  public String withSuffix(String name, int n) {
    if (!extension.isEmpty() && name.endsWith(extension) && segments.get(segments.size() - 1) instanceof Extension) {
      return name.substring(0, name.length() - extension.length()) + "-" + n + extension;
    }
    return name + "-" + n;
  }

  /** The text every name starts with (before the first placeholder); narrows the listing of existing names. */
  public String literalPrefix() {
    return !segments.isEmpty() && segments.get(0) instanceof Literal l ? l.text() : "";
  }

  /** The part number of an existing name made by this pattern, if it is one. */
  public OptionalLong partNumberOf(String name) {
    Matcher m = pattern.matcher(name);
    if (!m.matches() || !usesPartNumber()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(m.group("part")));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** A regular expression matching every name this pattern produces, clash suffixes included. */
  public String regex() {
    StringBuilder regex = new StringBuilder();
    boolean partGroup = false;
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      boolean last = i == segments.size() - 1;
      if (last && s instanceof Extension && !extension.isEmpty()) {
        regex.append(SUFFIX_REGEX).append(Pattern.quote(extension));
        return regex.toString();
      }
      if (s instanceof Literal l) {
        regex.append(Pattern.quote(l.text()));
      } else if (s instanceof DatePart) {
        regex.append(".+?");
      } else if (s instanceof Timestamp || s instanceof PartNumber && partGroup) {
        regex.append("[0-9]+");
      } else if (s instanceof PartNumber) {
        regex.append("(?<part>[0-9]+)");
        partGroup = true;
      } else if (s instanceof SyncId) {
        regex.append("[0-9A-Za-z_-]*");
      } else if (s instanceof Extension) {
        regex.append(Pattern.quote(extension));
      }
    }
    return regex.append(SUFFIX_REGEX).toString();
  }

  public String source() {
    return source;
  }

  public String extension() {
    return extension;
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  @Override
  public String toString() {
    return source;
  }
}
