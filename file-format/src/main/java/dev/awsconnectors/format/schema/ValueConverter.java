package dev.awsconnectors.format.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a JSON value into the Avro datum of one type. Never throws on data: a value that does not fit is reported to
 * the {@link Conversion} and becomes null (or, for string columns, its JSON text).
 */
interface ValueConverter {

  /** The datum for a non-null {@code value}. */
  Object convert(JsonNode value, Conversion conversion);

  /** Whether {@code value} fits this type without loss; used to pick a union member. */
  boolean fits(JsonNode value);
}
