package dev.awsconnectors.destination.kinesis.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A path to a value inside a record's data: dotted ({@code customer.id}) or a JSON pointer ({@code /customer/id},
 * which also reaches names containing dots and array elements).
 */
public record FieldPath(String text, List<String> segments) {

  public FieldPath {
    segments = List.copyOf(segments);
  }

  /** Parses a non-blank path; throws {@link IllegalArgumentException} with a sentence saying what is wrong. */
  public static FieldPath parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is empty");
    }
    List<String> segments = new ArrayList<>();
    if (text.startsWith("/")) {
      for (String raw : text.substring(1).split("/", -1)) {
        segments.add(raw.replace("~1", "/").replace("~0", "~"));
      }
    } else {
      for (String raw : text.split("\\.", -1)) {
        if (raw.isEmpty()) {
          throw new IllegalArgumentException("has an empty segment (use a JSON pointer such as /a/b for names with dots)");
        }
        segments.add(raw);
      }
    }
    return new FieldPath(text, segments);
  }

  /** The value at this path, or {@code null} if absent. A JSON {@code null} is returned as a NullNode. */
  public JsonNode find(JsonNode root) {
    JsonNode current = root;
    for (String segment : segments) {
      if (current == null) {
        return null;
      }
      if (current.isObject()) {
        current = current.get(segment);
      } else if (current.isArray() && segment.matches("\\d{1,9}")) {
        current = current.get(Integer.parseInt(segment));
      } else {
        return null;
      }
    }
    return current;
  }

  @Override
  public String toString() {
    return text;
  }
}
