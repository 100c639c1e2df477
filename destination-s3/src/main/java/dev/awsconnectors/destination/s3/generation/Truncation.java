package dev.awsconnectors.destination.s3.generation;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.DestinationSyncMode;
import dev.awsconnectors.destination.s3.storage.ObjectMetadataKeys;
import java.util.Locale;
import java.util.Map;

/**
 * What a sync replaces of a stream's earlier data, from its configured sync mode and generation ids
 * (protocol: a platform with refreshes sends {@code append} with {@code minimum_generation_id == generation_id} for
 * an overwrite; an older platform sends {@code overwrite}).
 *
 * @param kind what to delete once the stream's new data is complete
 * @param minimumGeneration with {@link Kind#GENERATIONS_BELOW}: objects of lower generations are deleted
 */
public record Truncation(Kind kind, long minimumGeneration) {

  public enum Kind {
    /** Append: nothing is deleted. */
    NONE,
    /** Objects of this stream with a generation below {@link #minimumGeneration} are deleted. */
    GENERATIONS_BELOW,
    /** Overwrite without generation ids: every object of this stream not written by this sync is deleted. */
    ALL_PREVIOUS
  }

  public static final Truncation NONE = new Truncation(Kind.NONE, 0);

  /**
   * @throws ConfigErrorException for modes a file destination cannot honour (update, soft_delete)
   */
  public static Truncation of(ConfiguredAirbyteStream stream) {
    DestinationSyncMode mode = stream.destinationSyncMode();
    long minimum = stream.minimumGenerationId() == null ? 0 : stream.minimumGenerationId();
    return switch (mode) {
      case OVERWRITE, OVERWRITE_DEDUP -> minimum > 0 ? new Truncation(Kind.GENERATIONS_BELOW, minimum)
          : new Truncation(Kind.ALL_PREVIOUS, 0);
      case APPEND, APPEND_DEDUP -> minimum > 0 ? new Truncation(Kind.GENERATIONS_BELOW, minimum) : NONE;
      case UPDATE, SOFT_DELETE -> throw new ConfigErrorException("The stream '" + stream.descriptor()
          + "' uses the destination sync mode " + mode.name().toLowerCase(Locale.ROOT)
          + ", which files in S3 cannot honour. Use append or overwrite.");
    };
  }

  public boolean truncates() {
    return kind != Kind.NONE;
  }

  /**
   * Whether the old data may be deleted now that the stream's new data is fully uploaded.
   *
   * <p>With a STREAM_STATUS COMPLETE for the stream: yes. Without one: only for a legacy {@code overwrite} stream
   * when the input carried no stream status at all (a platform without refreshes sends none) and ended normally;
   * a platform that sends statuses and did not send COMPLETE means the source did not finish, and the earlier data
   * stays.
   *
   * @param mode the stream's destination sync mode as sent
   * @param complete a COMPLETE status arrived for the stream
   * @param anyStatusSeen the input carried a STREAM_STATUS for any stream
   */
  public boolean mayDelete(DestinationSyncMode mode, boolean complete, boolean anyStatusSeen) {
    if (!truncates()) {
      return false;
    }
    if (complete) {
      return true;
    }
    boolean legacyOverwrite = mode == DestinationSyncMode.OVERWRITE || mode == DestinationSyncMode.OVERWRITE_DEDUP;
    return legacyOverwrite && !anyStatusSeen;
  }

  /** Whether an existing object, described by its metadata, is to be deleted by this truncation of a stream. */
  public Decision decide(Map<String, String> metadata, String streamTag) {
    if (!streamTag.equals(metadata.get(ObjectMetadataKeys.STREAM))) {
      return Decision.KEEP_NOT_THIS_STREAM;
    }
    String generation = metadata.get(ObjectMetadataKeys.GENERATION_ID);
    long value;
    try {
      value = Long.parseLong(generation == null ? "" : generation.strip());
    } catch (NumberFormatException e) {
      return Decision.KEEP_NOT_THIS_STREAM;
    }
    return switch (kind) {
      case NONE -> Decision.KEEP_CURRENT;
      case ALL_PREVIOUS -> Decision.DELETE;
      case GENERATIONS_BELOW -> value < minimumGeneration ? Decision.DELETE : Decision.KEEP_CURRENT;
    };
  }

  /** The outcome for one existing object. */
  public enum Decision {
    DELETE,
    /** Current or newer generation (for example from an earlier attempt of this generation). */
    KEEP_CURRENT,
    /** Written by another stream or by something else than this connector: never touched. */
    KEEP_NOT_THIS_STREAM
  }
}
