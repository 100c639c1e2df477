package dev.awsconnectors.format.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.format.schema.ValueType.Kind;
import java.math.BigDecimal;

/** The converters of {@link ValueType.Scalar} kinds. */
final class ScalarConverters {
  private ScalarConverters() {}

  static ValueConverter of(Kind kind) {
    return switch (kind) {
      case BOOLEAN -> BOOLEAN;
      case INTEGER -> INTEGER;
      case NUMBER -> NUMBER;
      case DATE -> DATE;
      case TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_WITH_TIMEZONE;
      case TIMESTAMP_WITHOUT_TIMEZONE -> TIMESTAMP_WITHOUT_TIMEZONE;
      case TIME_WITH_TIMEZONE -> TIME_WITH_TIMEZONE;
      case TIME_WITHOUT_TIMEZONE -> TIME_WITHOUT_TIMEZONE;
      case STRING -> STRING;
      case JSON -> JSON;
    };
  }

  /** A JSON number with an integral value in the 64-bit range ({@code 3}, {@code 3.0}); null otherwise. */
  static Long exactLong(JsonNode value) {
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? value.longValue() : null;
    }
    if (value.isNumber()) {
      if (value.isDouble() || value.isFloat()) {
        double d = value.doubleValue();
        if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) >= 0x1p63) {
          return null;
        }
        return (long) d;
      }
      BigDecimal decimal = value.decimalValue();
      if (decimal.precision() - decimal.scale() > 19) {
        return null;
      }
      try {
        return decimal.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  private abstract static class Simple implements ValueConverter {
    abstract Object tryConvert(JsonNode value);

    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      Object datum = tryConvert(value);
      return datum != null ? datum : conversion.misfit();
    }

    @Override
    public boolean fits(JsonNode value) {
      return tryConvert(value) != null;
    }
  }

  static final ValueConverter BOOLEAN = new Simple() {
    @Override
    Object tryConvert(JsonNode value) {
      return value.isBoolean() ? value.booleanValue() : null;
    }
  };

  static final ValueConverter INTEGER = new Simple() {
    @Override
    Object tryConvert(JsonNode value) {
      return exactLong(value);
    }
  };

  /** IEEE 754 double: the nearest double; a magnitude beyond the double range does not fit. */
  static final ValueConverter NUMBER = new Simple() {
    @Override
    Object tryConvert(JsonNode value) {
      if (!value.isNumber()) {
        return null;
      }
      double d = value.doubleValue();
      return Double.isInfinite(d) || Double.isNaN(d) ? null : d;
    }
  };

  static final ValueConverter DATE = new Simple() {
    @Override
    Object tryConvert(JsonNode value) {
      return value.isTextual() ? Temporals.epochDay(value.textValue()) : null;
    }
  };

  static final ValueConverter TIMESTAMP_WITH_TIMEZONE = new Simple() {
    @Override
    Object tryConvert(JsonNode value) {
      return value.isTextual() ? Temporals.instantMicros(value.textValue()) : null;
    }
  };

  static final ValueConverter TIMESTAMP_WITHOUT_TIMEZONE = new Simple() {
    @Override
    Object tryConvert(JsonNode value) {
      return value.isTextual() ? Temporals.localMicros(value.textValue()) : null;
    }
  };

  static final ValueConverter TIME_WITH_TIMEZONE = new Simple() {
    @Override
    Object tryConvert(JsonNode value) {
      return value.isTextual() ? Temporals.timeMicros(value.textValue(), true) : null;
    }
  };

  static final ValueConverter TIME_WITHOUT_TIMEZONE = new Simple() {
    @Override
    Object tryConvert(JsonNode value) {
      return value.isTextual() ? Temporals.timeMicros(value.textValue(), false) : null;
    }
  };

  /** Text as is; any other value as its JSON text, counted as converted (not nulled). */
  static final ValueConverter STRING = new ValueConverter() {
    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      if (value.isTextual()) {
        return value.textValue();
      }
      conversion.converted();
      return ProtocolCodec.serialize(value);
    }

    @Override
    public boolean fits(JsonNode value) {
      return value.isTextual();
    }
  };

  /** Any value as its exact JSON text (a string keeps its quotes, a number its digits). */
  static final ValueConverter JSON = new ValueConverter() {
    @Override
    public Object convert(JsonNode value, Conversion conversion) {
      return ProtocolCodec.serialize(value);
    }

    @Override
    public boolean fits(JsonNode value) {
      return true;
    }
  };
}
