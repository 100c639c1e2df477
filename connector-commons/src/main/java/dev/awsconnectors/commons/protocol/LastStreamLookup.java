package dev.awsconnectors.commons.protocol;

import java.util.function.Function;

/**
 * A lookup by stream that keeps its last answer: records of one stream mostly arrive in runs, so a call for the
 * stream of the call before (the same reference, or equal in every component) answers without hashing its names
 * again. The lookup must give the same answer for the same stream every time. Not thread-safe.
 *
 * @param <V> the answer
 */
public final class LastStreamLookup<V> {
  private final Function<StreamDescriptor, V> lookup;
  private StreamDescriptor last;
  private V answer;

  public LastStreamLookup(Function<StreamDescriptor, V> lookup) {
    this.lookup = lookup;
  }

  /** The lookup's answer for {@code stream} (not null). */
  public V get(StreamDescriptor stream) {
    if (stream != last && !stream.equals(last)) {
      answer = lookup.apply(stream);
      last = stream;
    }
    return answer;
  }
}
