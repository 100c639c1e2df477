package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The answer to {@code check}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AirbyteConnectionStatus(
    @JsonProperty("status") Status status,
    @JsonProperty("message") String message,
    @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> additionalProperties) {

  /** The outcome of a check. */
  public static final class Status extends ProtocolEnum<Status.Known> {
    public enum Known { SUCCEEDED, FAILED, UNKNOWN }

    public static final Status SUCCEEDED = new Status(Known.SUCCEEDED);
    public static final Status FAILED = new Status(Known.FAILED);
    private static final Map<String, Status> CONSTANTS = byWire(SUCCEEDED, FAILED);

    private Status(Known known) {
      super(known);
    }

    private Status(String unknown) {
      super(Known.UNKNOWN, unknown);
    }

    /** The constant for {@code wire}, or an unknown value that keeps it. */
    public static Status of(String wire) {
      return lookup(CONSTANTS, wire, Status::new);
    }
  }

  public AirbyteConnectionStatus {
    additionalProperties = Extras.of(additionalProperties);
  }

  public static AirbyteConnectionStatus succeeded() {
    return new AirbyteConnectionStatus(Status.SUCCEEDED, null, Map.of());
  }

  public static AirbyteConnectionStatus failed(String message) {
    return new AirbyteConnectionStatus(Status.FAILED, message, Map.of());
  }
}
