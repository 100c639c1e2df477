package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How a destination writes a stream. {@code overwrite_dedup} is not in the protocol schema but older platforms send
 * it, so it is accepted. A closed Java enum, unlike the {@link ProtocolEnum}s (destinations switch over it
 * exhaustively): the protocol gives {@code destination_sync_mode} a default, so a value this version does not know
 * reads as that default, {@link #APPEND}, which never deletes anything (and the user is warned); catalogs are never
 * passed on.
 */
public enum DestinationSyncMode {
  APPEND("append"),
  OVERWRITE("overwrite"),
  APPEND_DEDUP("append_dedup"),
  OVERWRITE_DEDUP("overwrite_dedup"),
  UPDATE("update"),
  SOFT_DELETE("soft_delete");

  /** The protocol's default for {@code destination_sync_mode}. */
  public static final DestinationSyncMode DEFAULT = APPEND;

  private final String wire;

  DestinationSyncMode(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** The constant for {@code wire}, or {@code null} for a value this version does not know. */
  public static DestinationSyncMode fromWire(String wire) {
    return Arrays.stream(values()).filter(mode -> mode.wire.equals(wire)).findFirst().orElse(null);
  }
}
