package dev.awsconnectors.source.kinesis.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Infers the draft-07 JSON schema of a stream's payloads from a sample of them.
 *
 * <ul>
 *   <li>Integers that fit 64 bits are {@code integer}; with a fraction or an exponent, {@code number}; integers
 *       beyond 64 bits {@code number} with {@code airbyte_type: big_integer}, so no destination truncates them.
 *   <li>A string field whose every sampled value is an RFC 3339 date, timestamp (with or without offset) or time
 *       gets the {@code format}/{@code airbyte_type} Airbyte expects; anything else is a plain {@code string}.
 *   <li>Objects declare their fields in the order first seen; arrays declare the merged type of their items.
 *   <li>A field that was null, or missing from some objects, is nullable ({@code ["null", ...]}); a field that was
 *       only ever null declares no type. Nothing is {@code required}.
 *   <li>Values of several kinds make a union ({@code ["integer","string"]}) rather than a guess; integers and
 *       decimals together are {@code number}.
 *   <li>Every object keeps {@code additionalProperties: true}: records that bring new fields are still valid.
 * </ul>
 *
 * <p>Lifecycle: {@link #observe} each sampled payload object (or {@link #merge} inferences of parts of the sample),
 * in a deterministic order for a stable field order, then {@link #schema()}. Memory depends on the number of
 * distinct fields, not on the number of payloads. Not thread-safe.
 */
public final class SchemaInference {
  private final ValueTally root = new ValueTally(0);
  private long samples;

  /** Adds one payload, a JSON object. */
  public void observe(ObjectNode payload) {
    root.observe(payload);
    samples++;
  }

  /**
   * Adds what {@code other} observed, as if its payloads had been observed here after this one's; {@code other}
   * is not changed. Merging per-shard inferences in shard order gives a field order that does not depend on which
   * shard answered first.
   */
  public void merge(SchemaInference other) {
    root.merge(other.root);
    samples += other.samples;
  }

  /** How many payloads were observed. */
  public long samples() {
    return samples;
  }

  /** The payloads' schema, an object schema; empty when nothing was observed. */
  public Optional<ObjectNode> schema() {
    return samples == 0 ? Optional.empty() : Optional.of(root.toSchema(false));
  }
}
