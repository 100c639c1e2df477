package dev.awsconnectors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * What a connector process produced: every stdout line parsed as a protocol message (a line that is not one fails
 * the run, stricter than the platform), stderr, the exit code and the wall-clock time.
 */
public record ConnectorResult(int exitCode, List<JsonNode> messages, String stderr, Duration took) {

  public List<JsonNode> ofType(String type) {
    return messages.stream().filter(m -> type.equals(m.path("type").asText())).toList();
  }

  public List<JsonNode> records() {
    return ofType("RECORD").stream().map(m -> m.get("record")).toList();
  }

  /** The {@code state} objects of the STATE messages, in order. */
  public List<JsonNode> states() {
    return ofType("STATE").stream().map(m -> m.get("state")).toList();
  }

  public List<JsonNode> traces() {
    return ofType("TRACE").stream().map(m -> m.get("trace")).toList();
  }

  /** The {@code error} objects of the ERROR traces. */
  public List<JsonNode> errors() {
    return traces().stream().filter(t -> "ERROR".equals(t.path("type").asText())).map(t -> t.get("error")).toList();
  }

  public List<JsonNode> streamStatuses() {
    return traces().stream().filter(t -> "STREAM_STATUS".equals(t.path("type").asText()))
        .map(t -> t.get("stream_status")).toList();
  }

  public List<String> logMessages() {
    return ofType("LOG").stream().map(m -> m.at("/log/message").asText()).toList();
  }

  /** The single CONNECTION_STATUS, failing if there is not exactly one. */
  public JsonNode connectionStatus() {
    List<JsonNode> statuses = ofType("CONNECTION_STATUS");
    if (statuses.size() != 1) {
      throw new AssertionError("Expected exactly one CONNECTION_STATUS but got " + statuses.size() + "\n" + this);
    }
    return statuses.get(0).get("connectionStatus");
  }

  /** All of stdout, one message per line, for assertions such as "never contains the secret". */
  public String stdout() {
    StringBuilder out = new StringBuilder();
    messages.forEach(m -> out.append(m).append('\n'));
    return out.toString();
  }

  @Override
  public String toString() {
    String log = stdout();
    return "exit " + exitCode + " after " + took.toMillis() + " ms\n--- stdout (" + messages.size()
        + " messages, last 4000 chars) ---\n" + log.substring(Math.max(0, log.length() - 4000))
        + "\n--- stderr (last 4000 chars) ---\n" + stderr.substring(Math.max(0, stderr.length() - 4000));
  }
}
