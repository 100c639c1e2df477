package dev.awsconnectors.commons.runtime;

import dev.awsconnectors.commons.protocol.UnknownValueListener;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one WARN per enum value the protocol model does not know (per field and value, not per message), naming where
 * it was first seen. The number of distinct values remembered is capped, so a source that invents a value per record
 * cannot grow memory.
 */
final class UnknownValueWarnings implements UnknownValueListener {
  private static final Logger LOG = LoggerFactory.getLogger(UnknownValueWarnings.class);
  static final int MAX_DISTINCT = 1_000;

  private final Set<String> seen = new HashSet<>();
  private String source = "the input";
  private long line;

  /** Where the values read next come from: a file (line 0) or a line of stdin. */
  void reading(String source, long line) {
    this.source = source;
    this.line = line;
  }

  @Override
  public void unknownValue(String field, String value) {
    if (seen.size() > MAX_DISTINCT || !seen.add(field + '\u0000' + value)) {
      return;
    }
    if (seen.size() > MAX_DISTINCT) {
      LOG.warn("More than {} distinct values unknown to this version of the Airbyte protocol; no more are logged.",
          MAX_DISTINCT);
      return;
    }
    LOG.warn("{}{}: {} is '{}', a value this version of the Airbyte protocol does not know (from a newer platform or "
        + "source). It is kept as read where the message is passed on and otherwise ignored (an unknown sync mode "
        + "reads as the protocol's default: full_refresh, append); it is logged only once.",
        source, line > 0 ? " line " + line : "", field, value);
  }
}
