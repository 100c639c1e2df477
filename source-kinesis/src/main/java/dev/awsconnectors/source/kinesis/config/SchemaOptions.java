package dev.awsconnectors.source.kinesis.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code discover} declares the payload's schema of each stream.
 *
 * @param infer whether discover samples each stream to infer its payload schema
 * @param sampleRecords at most this many records are sampled per stream
 * @param sampleTime sampling one stream takes at most this long
 * @param userSchemas payload schemas given by the user, by stream name, replacing inference for their stream
 */
public record SchemaOptions(boolean infer, int sampleRecords, Duration sampleTime, Map<String, ObjectNode> userSchemas) {
  public static final int DEFAULT_SAMPLE_RECORDS = 1_000;
  public static final int MAX_SAMPLE_RECORDS = 100_000;
  public static final Duration DEFAULT_SAMPLE_TIME = Duration.ofSeconds(10);
  public static final Duration MAX_SAMPLE_TIME = Duration.ofMinutes(10);
  public static final SchemaOptions DEFAULT = new SchemaOptions(true, DEFAULT_SAMPLE_RECORDS, DEFAULT_SAMPLE_TIME,
      Map.of());

  public SchemaOptions {
    if (sampleRecords < 1 || sampleTime.isNegative() || sampleTime.isZero()) {
      throw new IllegalArgumentException("Sample limits must be positive");
    }
    Map<String, ObjectNode> copies = new LinkedHashMap<>();
    userSchemas.forEach((stream, schema) -> copies.put(Objects.requireNonNull(stream), schema.deepCopy()));
    userSchemas = Collections.unmodifiableMap(copies);
  }

  /** A copy of the payload schema the user gave for {@code stream}, if any. */
  public Optional<ObjectNode> userSchema(String stream) {
    return Optional.ofNullable(userSchemas.get(stream)).map(ObjectNode::deepCopy);
  }
}
