package dev.awsconnectors.commons.protocol;

import java.util.Map;

/** STREAM: one stream's state; GLOBAL: shared state plus per-stream states; LEGACY: an opaque blob in {@code data}. */
public final class AirbyteStateType extends ProtocolEnum<AirbyteStateType.Known> {
  public enum Known { GLOBAL, STREAM, LEGACY, UNKNOWN }

  public static final AirbyteStateType GLOBAL = new AirbyteStateType(Known.GLOBAL);
  public static final AirbyteStateType STREAM = new AirbyteStateType(Known.STREAM);
  public static final AirbyteStateType LEGACY = new AirbyteStateType(Known.LEGACY);
  private static final Map<String, AirbyteStateType> CONSTANTS = byWire(GLOBAL, STREAM, LEGACY);

  private AirbyteStateType(Known known) {
    super(known);
  }

  private AirbyteStateType(String unknown) {
    super(Known.UNKNOWN, unknown);
  }

  /** The constant for {@code wire}, or an unknown value that keeps it. */
  public static AirbyteStateType of(String wire) {
    return lookup(CONSTANTS, wire, AirbyteStateType::new);
  }
}
