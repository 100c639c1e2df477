package dev.awsconnectors.destination.kinesis.envelope;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.kinesis.record.KinesisLimits;
import java.text.Normalizer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps catalog streams to Kinesis stream names the way Airbyte's destination-kinesis did, so existing syncs keep
 * writing to the same streams: {@code <namespace>_<stream>} (a null namespace gives a leading underscore), accents
 * removed, every character other than ASCII letters, digits and {@code _} replaced by {@code _}, cut to 128
 * characters. An optional prefix goes in front; an optional fixed target stream takes every record.
 *
 * <p>Unlike Airbyte's, two catalog streams that end up with the same name are reported instead of being merged
 * silently; a user who wants them in one stream says so with a target stream.
 */
public final class StreamNames {
  private static final Pattern MARKS = Pattern.compile("\\p{M}");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^A-Za-z0-9_]");

  private StreamNames() {}

  /** Airbyte's name for a stream, with {@code prefix} in front, sanitized and cut to 128 characters. */
  public static String derive(String prefix, String namespace, String stream) {
    String name = prefix + sanitize((namespace == null ? "" : namespace) + "_" + stream);
    return name.length() > KinesisLimits.STREAM_NAME_MAX_CHARS
        ? name.substring(0, KinesisLimits.STREAM_NAME_MAX_CHARS) : name;
  }

  /** Airbyte's {@code Names.toAlphanumericAndUnderscore}: NFKD, drop combining marks, whitespace runs and others to _. */
  static String sanitize(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    String withoutMarks = MARKS.matcher(decomposed).replaceAll("");
    String underscored = WHITESPACE.matcher(withoutMarks).replaceAll("_");
    return NOT_ALPHANUMERIC.matcher(underscored).replaceAll("_");
  }

  /**
   * The Kinesis stream of every catalog stream.
   *
   * @throws ConfigErrorException if two catalog streams would share a derived name
   */
  public static Map<StreamDescriptor, String> resolve(Collection<StreamDescriptor> streams, Optional<String> target,
      String prefix) {
    Map<StreamDescriptor, String> names = new LinkedHashMap<>();
    Map<String, StreamDescriptor> owners = new LinkedHashMap<>();
    for (StreamDescriptor stream : streams) {
      String name = target.orElseGet(() -> derive(prefix, stream.namespace(), stream.name()));
      StreamDescriptor previous = owners.putIfAbsent(name, stream);
      if (previous != null && target.isEmpty()) {
        throw new ConfigErrorException("The catalog streams '" + describe(previous) + "' and '" + describe(stream)
            + "' would both be written to the Kinesis stream '" + name + "' (names are reduced to letters, digits "
            + "and '_' and cut to 128 characters). Rename one of them in the connection, or set 'target_stream' "
            + "to write every stream to one Kinesis stream on purpose.");
      }
      names.put(stream.key(), name);
    }
    return names;
  }

  /** The distinct Kinesis streams, in catalog order. */
  public static List<String> distinct(Map<StreamDescriptor, String> names) {
    return names.values().stream().distinct().toList();
  }

  private static String describe(StreamDescriptor stream) {
    return stream.namespace() == null ? stream.name() : stream.namespace() + "." + stream.name();
  }
}
