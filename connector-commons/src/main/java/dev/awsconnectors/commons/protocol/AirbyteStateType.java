package dev.awsconnectors.commons.protocol;

/** STREAM: one stream's state; GLOBAL: shared state plus per-stream states; LEGACY: an opaque blob in {@code data}. */
public enum AirbyteStateType { GLOBAL, STREAM, LEGACY }
