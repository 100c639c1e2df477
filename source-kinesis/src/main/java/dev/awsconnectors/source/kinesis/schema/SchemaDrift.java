package dev.awsconnectors.source.kinesis.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the records of one stream that do not match the schema declared in the configured catalog, and logs the
 * first few with where they differ (the field path and the types, never a value: payloads may hold personal data).
 * Such records are emitted as they are; destinations apply their own coercion. Thread-safe: shard readers check
 * records concurrently.
 */
public final class SchemaDrift {
  /** How many mismatching records per stream are described in the log. */
  static final int LOGGED_EXAMPLES = 3;
  private static final Logger LOG = LoggerFactory.getLogger(SchemaDrift.class);

  private final String stream;
  private final SchemaConformance declared;
  private final AtomicLong mismatches = new AtomicLong();

  public SchemaDrift(String stream, SchemaConformance declared) {
    this.stream = stream;
    this.declared = declared;
  }

  /** The schema records are checked against. */
  public SchemaConformance declared() {
    return declared;
  }

  /** Checks one record's data; returns whether it matches. */
  public boolean check(JsonNode data) {
    Optional<String> mismatch = declared.mismatch(data);
    if (mismatch.isEmpty()) {
      return true;
    }
    count(mismatch::get);
    return false;
  }

  /**
   * Counts a record a {@link SchemaConformance.Walk} found not to match; {@code data} gives its tree, asked for only
   * while the first few mismatches are described.
   */
  public void mismatched(Supplier<JsonNode> data) {
    count(() -> declared.mismatch(data.get()).orElse("$: no longer a mismatch as a tree"));
  }

  private void count(Supplier<String> where) {
    long n = mismatches.incrementAndGet();
    if (n <= LOGGED_EXAMPLES) {
      LOG.info("Stream '{}': a record does not match the declared schema ({}); it is emitted as it is{}", stream,
          where.get(), n == LOGGED_EXAMPLES ? "; further ones are only counted" : "");
    }
  }

  /** How many records checked so far did not match. */
  public long mismatches() {
    return mismatches.get();
  }

  /** Logs the count, if any record did not match; called once at the end of a sync. */
  public void logSummary() {
    long n = mismatches.get();
    if (n > 0) {
      LOG.warn("Stream '{}': {} records did not match the schema of the catalog (new fields or other types than "
          + "declared); they were emitted as they are. Run discover again (or refresh the source schema in "
          + "Airbyte) to declare their fields.", stream, n);
    }
  }
}
