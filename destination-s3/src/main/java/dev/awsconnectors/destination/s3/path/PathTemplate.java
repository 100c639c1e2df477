package dev.awsconnectors.destination.s3.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The directory part of every object key: the bucket path, a slash, then the path format, with its
 * {@code ${VARIABLE}}s. Parsed once; an unknown variable or a stray brace is a {@link TemplateException} when the
 * configuration is read, never a failure mid-sync.
 *
 * <p>Rendering follows Airbyte's destination-s3: variables are replaced (namespace and stream name made S3-safe, times
 * from the sync's start in UTC), then repeated slashes are collapsed. Leading slashes are dropped (a key starting
 * with {@code /} is never what was meant). No slash is added before the file name: the default format ends in
 * {@code _}, so keys read {@code <path>/<stream>/2024_01_31_1706659200000_0.csv.gz}.
 *
 * <p>{@link #bind} fixes the per-stream values once; the result renders a record's path in one pass.
 */
public final class PathTemplate {
  public static final String DEFAULT_FORMAT = "${NAMESPACE}/${STREAM_NAME}/${YEAR}_${MONTH}_${DAY}_${EPOCH}_";
  private static final char PLACEHOLDER_BASE = '\uE000';

  /** One piece of a template. */
  sealed interface Segment permits Literal, Variable, Field {}

  record Literal(String text) implements Segment {}

  record Variable(PathVariable variable) implements Segment {}

  record Field(FieldPartition partition) implements Segment {}

  private final String source;
  private final List<Segment> segments;

  private PathTemplate(String source, List<Segment> segments) {
    this.source = source;
    this.segments = List.copyOf(segments);
  }

  /**
   * Parses {@code bucketPath + "/" + pathFormat}; a blank path format means {@link #DEFAULT_FORMAT}.
   *
   * @throws TemplateException listing every problem, each naming the bucket path or the path format
   */
  public static PathTemplate parse(String bucketPath, String pathFormat) {
    String format = pathFormat == null || pathFormat.isBlank() ? DEFAULT_FORMAT : pathFormat.strip();
    String bucket = bucketPath == null ? "" : bucketPath.strip();
    List<String> problems = new ArrayList<>();
    List<Segment> segments = new ArrayList<>(parseSegments(bucket, "the bucket path", problems));
    segments.add(new Literal("/"));
    segments.addAll(parseSegments(format, "the path format", problems));
    if (!problems.isEmpty()) {
      throw new TemplateException(problems);
    }
    return new PathTemplate(bucket + "/" + format, merge(segments));
  }

  /** The template as configured: bucket path, slash, path format. */
  public String source() {
    return source;
  }

  /** True if the path depends on record values (a {@code ${FIELD:...}} variable). */
  public boolean hasFields() {
    return segments.stream().anyMatch(s -> s instanceof Field);
  }

  /** True if the template names the stream, so that every stream has its own directory. */
  public boolean usesStreamName() {
    return segments.stream().anyMatch(s -> s instanceof Variable v && v.variable() == PathVariable.STREAM_NAME);
  }

  /**
   * Fixes the values that do not change during a sync for one stream.
   *
   * @param namespace the stream's namespace, or null
   * @param uuid the stream's {@code ${UUID}}: one per stream per sync, as in Airbyte
   */
  public StreamPath bind(String namespace, String streamName, SyncTime time, UUID uuid) {
    List<Object> pieces = new ArrayList<>();
    StringBuilder pattern = new StringBuilder();
    List<String> placeholderRegex = new ArrayList<>();
    StringBuilder constant = new StringBuilder();
    for (Segment segment : segments) {
      if (segment instanceof Literal l) {
        constant.append(l.text());
        pattern.append(l.text());
      } else if (segment instanceof Variable v) {
        String value = switch (v.variable()) {
          case NAMESPACE -> S3Names.s3Safe(namespace == null ? "" : namespace);
          case STREAM_NAME -> S3Names.s3Safe(streamName);
          case UUID -> uuid.toString();
          default -> time.value(v.variable());
        };
        constant.append(value);
        if (v.variable().regex() == null) {
          pattern.append(value);
        } else {
          pattern.append((char) (PLACEHOLDER_BASE + placeholderRegex.size()));
          placeholderRegex.add(v.variable().regex());
        }
      } else if (segment instanceof Field f) {
        if (constant.length() > 0) {
          pieces.add(constant.toString());
          constant.setLength(0);
        }
        pieces.add(f.partition());
        pattern.append((char) (PLACEHOLDER_BASE + placeholderRegex.size()));
        placeholderRegex.add(f.partition().regex());
      }
    }
    if (constant.length() > 0) {
      pieces.add(constant.toString());
    }
    String normalizedPattern = S3Names.normalizeSlashes(pattern.toString());
    return new StreamPath(pieces, toRegex(normalizedPattern, placeholderRegex),
        literalPrefix(normalizedPattern));
  }

  /** A stream's path: renders the directory of a record and describes every path the template can produce. */
  public static final class StreamPath {
    private final List<Object> pieces;
    private final String constantPath;
    private final String regex;
    private final String listingPrefix;

    private StreamPath(List<Object> pieces, String regex, String listingPrefix) {
      this.pieces = List.copyOf(pieces);
      this.constantPath = pieces.stream().allMatch(p -> p instanceof String)
          ? S3Names.normalizeSlashes(String.join("", pieces.stream().map(String.class::cast).toList())) : null;
      this.regex = regex;
      this.listingPrefix = listingPrefix;
    }

    /** The directory part of the key for a record with this data. */
    public String render(JsonNode data) {
      return render(() -> data);
    }

    /** As {@link #render(JsonNode)}, asking for the record's data only if the template has a field partition. */
    public String render(Supplier<JsonNode> data) {
      if (constantPath != null) {
        return constantPath;
      }
      StringBuilder out = new StringBuilder(64);
      JsonNode fields = data.get();
      for (Object piece : pieces) {
        out.append(piece instanceof String s ? s : ((FieldPartition) piece).render(fields));
      }
      return S3Names.normalizeSlashes(out.toString());
    }

    /**
     * A regular expression matching the directory part of every key this stream's template can produce, whatever
     * the sync time, UUID or field values.
     */
    public String regex() {
      return regex;
    }

    /** The longest prefix shared by every path of this stream (the namespace and stream name included). */
    public String listingPrefix() {
      return listingPrefix;
    }

    /** True if every record of the stream goes to the same directory in this sync. */
    public boolean isConstant() {
      return constantPath != null;
    }

    /** True if the directory is the same for every sync (no time, UUID or field variable). */
    public boolean isSyncIndependent() {
      return constantPath != null && constantPath.equals(listingPrefix);
    }
  }

  private static List<Segment> parseSegments(String text, String where, List<String> problems) {
    List<Segment> out = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          problems.add(where + " has a '${' without a closing '}' at position " + (i + 1));
          return out;
        }
        if (literal.length() > 0) {
          out.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        String name = text.substring(i + 2, end);
        variable(name, where, problems, out);
        i = end + 1;
      } else if (c == '{' || c == '}') {
        problems.add(where + " has a '" + c + "' outside a ${VARIABLE} at position " + (i + 1)
            + hint(text, i));
        i++;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      out.add(new Literal(literal.toString()));
    }
    return out;
  }

  private static void variable(String name, String where, List<String> problems, List<Segment> out) {
    if (name.startsWith("FIELD:")) {
      try {
        out.add(new Field(FieldPartition.parse(name.substring("FIELD:".length()))));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
      return;
    }
    for (PathVariable v : PathVariable.values()) {
      if (v.name().equals(name)) {
        out.add(new Variable(v));
        return;
      }
    }
    String known = String.join(", ", Arrays.stream(PathVariable.values()).map(v -> "${" + v.name() + "}").toList());
    String upper = name.toUpperCase(Locale.ROOT);
    boolean caseTypo = Arrays.stream(PathVariable.values()).anyMatch(v -> v.name().equals(upper))
        || upper.startsWith("FIELD:");
    problems.add(where + " uses the unknown variable ${" + name + "}"
        + (caseTypo ? " (variables are upper case: ${" + (upper.startsWith("FIELD:")
        ? "FIELD:" + name.substring(6) : upper) + "})" : "")
        + "; known variables: " + known + ", ${FIELD:<field>} and ${FIELD:<field>:<date pattern>}");
  }

  private static String hint(String text, int brace) {
    if (text.charAt(brace) != '{') {
      return "";
    }
    int end = text.indexOf('}', brace);
    if (end > brace) {
      String name = text.substring(brace + 1, end);
      return "; did you mean ${" + name + "}?";
    }
    return "";
  }

  private static List<Segment> merge(List<Segment> segments) {
    List<Segment> merged = new ArrayList<>();
    for (Segment s : segments) {
      if (s instanceof Literal l && !merged.isEmpty() && merged.get(merged.size() - 1) instanceof Literal prev) {
        merged.set(merged.size() - 1, new Literal(prev.text() + l.text()));
      } else {
        merged.add(s);
      }
    }
    return merged;
  }

  private static String toRegex(String pattern, List<String> placeholderRegex) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      int index = c - PLACEHOLDER_BASE;
      if (index >= 0 && index < placeholderRegex.size()) {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append('(').append(placeholderRegex.get(index)).append(')');
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return regex.toString();
  }

  private static String literalPrefix(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c >= PLACEHOLDER_BASE && c < PLACEHOLDER_BASE + 64) {
        return pattern.substring(0, i);
      }
    }
    return pattern;
  }

  @Override
  public String toString() {
    return source;
  }
}
