package dev.awsconnectors.commons.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A value of one of the protocol's enums that also holds values this version does not know, because a newer platform
 * or source may send them and the platform passes sources' messages on verbatim: an unknown value is kept as it was
 * read ({@link #wire()}) and written back unchanged, so a message passed on keeps it.
 *
 * <p>Each such enum is a final subclass with one public constant per known value, a nested enum {@code Known} of the
 * same constants plus {@code UNKNOWN}, and a factory {@code of(String wire)}. Known values are single instances:
 * compare them with {@code ==}. To branch, switch on {@link #known()}; a switch expression must then handle
 * {@code UNKNOWN}, which is the point.
 *
 * @param <K> the subclass's {@code Known} enum, which has a constant {@code UNKNOWN}
 */
public abstract class ProtocolEnum<K extends Enum<K>> {
  private final K known;
  private final String wire;
  private final boolean isKnown;

  /** A known constant whose wire value is its name. */
  protected ProtocolEnum(K known) {
    this(known, known.name());
  }

  protected ProtocolEnum(K known, String wire) {
    this.known = Objects.requireNonNull(known, "known");
    this.wire = Objects.requireNonNull(wire, "wire");
    this.isKnown = !known.name().equals("UNKNOWN");
  }

  /** The constant, or {@code UNKNOWN} for a value this version does not know. */
  public final K known() {
    return known;
  }

  public final boolean isKnown() {
    return isKnown;
  }

  /** The value exactly as it appears in JSON ({@code full_refresh}, {@code STREAM}, or an unknown value as read). */
  @JsonValue
  public final String wire() {
    return wire;
  }

  /** The constant's name as an enum would give it, or an unknown value as read. */
  public final String name() {
    return isKnown() ? known.name() : wire;
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((ProtocolEnum<?>) o).wire.equals(wire);
  }

  @Override
  public final int hashCode() {
    return wire.hashCode();
  }

  @Override
  public final String toString() {
    return name();
  }

  /** The constants of one enum by wire value, for its {@code of} factory. */
  @SafeVarargs
  protected static <V extends ProtocolEnum<?>> Map<String, V> byWire(V... constants) {
    Map<String, V> map = new HashMap<>();
    for (V constant : constants) {
      map.put(constant.wire(), constant);
    }
    return Collections.unmodifiableMap(map);
  }

  /** The constant for {@code wire}, or a new unknown value made by {@code unknown}. */
  protected static <V extends ProtocolEnum<?>> V lookup(Map<String, V> constants, String wire,
      Function<String, V> unknown) {
    V constant = constants.get(Objects.requireNonNull(wire, "wire"));
    return constant != null ? constant : unknown.apply(wire);
  }
}
