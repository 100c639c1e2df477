package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A log line for the platform's job log. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteLogMessage(
    @JsonProperty("level") Level level,
    @JsonProperty("message") String message,
    @JsonProperty("stack_trace") String stackTrace,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  /** Log levels. */
  public static final class Level extends ProtocolEnum<Level.Known> {
    public enum Known { FATAL, ERROR, WARN, INFO, DEBUG, TRACE, UNKNOWN }

    public static final Level FATAL = new Level(Known.FATAL);
    public static final Level ERROR = new Level(Known.ERROR);
    public static final Level WARN = new Level(Known.WARN);
    public static final Level INFO = new Level(Known.INFO);
    public static final Level DEBUG = new Level(Known.DEBUG);
    public static final Level TRACE = new Level(Known.TRACE);
    private static final Map<String, Level> CONSTANTS = byWire(FATAL, ERROR, WARN, INFO, DEBUG, TRACE);

    private Level(Known known) {
      super(known);
    }

    private Level(String unknown) {
      super(Known.UNKNOWN, unknown);
    }

    /** The constant for {@code wire}, or an unknown value that keeps it. */
    public static Level of(String wire) {
      return lookup(CONSTANTS, wire, Level::new);
    }
  }

  public AirbyteLogMessage {
    additionalProperties = Extras.of(additionalProperties);
  }

  public AirbyteLogMessage(Level level, String message) {
    this(level, message, null, Map.of());
  }
}
