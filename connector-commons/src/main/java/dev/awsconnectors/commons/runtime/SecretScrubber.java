package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces secret values in text that leaves the process (LOG, TRACE and CONNECTION_STATUS lines, stderr), both as
 * written and as escaped inside a JSON string. Values shorter than {@value #MIN_LENGTH} characters are not scrubbed:
 * masking every "ab" would garble all output while protecting nothing.
 */
public final class SecretScrubber {
  static final int MIN_LENGTH = 3;
  private static final String MASK = "**********";
  private volatile List<String> needles = List.of();

  public synchronized void register(Collection<String> secrets) {
    Set<String> all = new LinkedHashSet<>(needles);
    for (String secret : secrets) {
      if (secret != null && secret.length() >= MIN_LENGTH) {
        all.add(secret);
        all.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
      }
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    needles = List.copyOf(sorted);
  }

  public String scrub(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String needle : needles) {
      if (result.contains(needle)) {
        result = result.replace(needle, MASK);
      }
    }
    return result;
  }
}
