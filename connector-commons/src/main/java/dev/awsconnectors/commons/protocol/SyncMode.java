package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How a source reads a stream. A closed Java enum, unlike the {@link ProtocolEnum}s: the protocol gives
 * {@code sync_mode} a default, so a value this version does not know reads as that default, {@link #FULL_REFRESH}
 * (and the user is warned), and catalogs are never passed on.
 */
public enum SyncMode {
  FULL_REFRESH("full_refresh"),
  INCREMENTAL("incremental");

  /** The protocol's default for {@code sync_mode}. */
  public static final SyncMode DEFAULT = FULL_REFRESH;

  private final String wire;

  SyncMode(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wire() {
    return wire;
  }

  /** The constant for {@code wire}, or {@code null} for a value this version does not know. */
  public static SyncMode fromWire(String wire) {
    return Arrays.stream(values()).filter(mode -> mode.wire.equals(wire)).findFirst().orElse(null);
  }
}
