package dev.awsconnectors.commons.config;

import java.util.Objects;

/** A secret value from the configuration. {@link #toString()} never reveals it; call {@link #reveal()} to use it. */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "**********";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
