package dev.awsconnectors.source.kinesis.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.aws.AwsConnection;
import dev.awsconnectors.commons.aws.AwsConnectionReader;
import dev.awsconnectors.commons.aws.AwsFieldNames;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.kinesis.record.KinesisLimits;
import dev.awsconnectors.source.kinesis.config.KinesisSourceConfig.CheckpointInterval;
import dev.awsconnectors.source.kinesis.schema.UserSchemas;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a configuration that passed the spec's schema validation into a {@link KinesisSourceConfig}, recording every
 * semantic problem on the {@link ConfigReader} so that the runner reports them all at once.
 */
public final class KinesisSourceConfigParser {
  private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

  private KinesisSourceConfigParser() {}

  public static KinesisSourceConfig parse(ConfigReader config) {
    AwsConnection aws = AwsConnectionReader.read(config, AwsFieldNames.STANDARD);
    List<String> streams = streams(config);
    StartPosition start = startPosition(config);
    boolean parseJson = config.bool("parse_json", true);
    int recordsPerCall = (int) config.longValue("records_per_call", KinesisSourceConfig.DEFAULT_RECORDS_PER_CALL, 1,
        KinesisLimits.GET_RECORDS_MAX_LIMIT);
    long caughtUp = config.longValue("milliseconds_behind_latest", KinesisSourceConfig.DEFAULT_CAUGHT_UP_MILLIS, 0,
        86_400_000L);
    OptionalLong maxRecords = config.has("max_records_per_sync")
        ? OptionalLong.of(config.longValue("max_records_per_sync", 1, 1, Long.MAX_VALUE)) : OptionalLong.empty();
    Optional<Duration> maxDuration = config.has("max_sync_duration_seconds")
        ? Optional.of(Duration.ofSeconds(config.longValue("max_sync_duration_seconds", 1, 1, 604_800)))
        : Optional.empty();
    int concurrency = (int) config.longValue("max_concurrent_shards",
        KinesisSourceConfig.DEFAULT_MAX_CONCURRENT_SHARDS, 1, 64);
    long checkpointRecords = config.longValue("checkpoint_every_records",
        CheckpointInterval.DEFAULT.records(), 1, Long.MAX_VALUE);
    long checkpointSeconds = config.longValue("checkpoint_every_seconds",
        CheckpointInterval.DEFAULT.interval().toSeconds(), 1, 3600);
    boolean keepMisplaced = config.bool("keep_misplaced_records", false);
    RecordLayout layout = config.choice("record_layout", RecordLayout.class, RecordLayout::specName,
        RecordLayout.FLATTENED);
    return new KinesisSourceConfig(aws, streams, start, parseJson, recordsPerCall, caughtUp, maxRecords, maxDuration,
        concurrency, new CheckpointInterval(checkpointRecords, Duration.ofSeconds(checkpointSeconds)), keepMisplaced,
        layout, schemaOptions(config, streams));
  }

  private static List<String> streams(ConfigReader config) {
    Set<String> unique = new LinkedHashSet<>();
    for (String name : config.strings("streams")) {
      if (!STREAM_NAME.matcher(name).matches()) {
        config.problem("streams", "holds '" + name + "', which is not a Kinesis stream name (1 to 128 letters, "
            + "digits, '_', '.' or '-')");
      } else if (!unique.add(name)) {
        config.problem("streams", "names the stream '" + name + "' twice");
      }
    }
    return new ArrayList<>(unique);
  }

  private static SchemaOptions schemaOptions(ConfigReader config, List<String> streams) {
    boolean infer = config.bool("infer_schema", SchemaOptions.DEFAULT.infer());
    int sampleRecords = (int) config.longValue("schema_sample_records", SchemaOptions.DEFAULT_SAMPLE_RECORDS, 1,
        SchemaOptions.MAX_SAMPLE_RECORDS);
    long sampleSeconds = config.longValue("schema_sample_seconds", SchemaOptions.DEFAULT_SAMPLE_TIME.toSeconds(), 1,
        SchemaOptions.MAX_SAMPLE_TIME.toSeconds());
    Map<String, ObjectNode> userSchemas = config.string("stream_schemas")
        .map(text -> UserSchemas.parse(text, problem -> config.problem("stream_schemas", problem)))
        .orElse(Map.of());
    if (!streams.isEmpty()) {
      for (String stream : userSchemas.keySet()) {
        if (!streams.contains(stream)) {
          config.problem("stream_schemas", "gives a schema for the stream '" + stream + "', which is not in "
              + "'streams' " + streams);
        }
      }
    }
    return new SchemaOptions(infer, sampleRecords, Duration.ofSeconds(sampleSeconds), userSchemas);
  }

  private static StartPosition startPosition(ConfigReader config) {
    StartPosition.Kind kind = config.choice("start_position", StartPosition.Kind.class, Enum::name,
        StartPosition.Kind.TRIM_HORIZON);
    Optional<String> rawTimestamp = config.string("start_timestamp");
    Optional<Instant> timestamp = rawTimestamp.flatMap(raw -> timestamp(config, raw));
    return switch (kind) {
      case TRIM_HORIZON -> StartPosition.trimHorizon();
      case LATEST -> StartPosition.latest();
      case AT_TIMESTAMP -> {
        if (timestamp.isPresent()) {
          yield StartPosition.atTimestamp(timestamp.get());
        }
        if (rawTimestamp.isEmpty()) {
          config.problem("start_timestamp", "is required when 'start_position' is AT_TIMESTAMP");
        }
        yield StartPosition.trimHorizon();
      }
    };
  }

  private static Optional<Instant> timestamp(ConfigReader config, String raw) {
    try {
      return Optional.of(OffsetDateTime.parse(raw).toInstant());
    } catch (DateTimeParseException e) {
      config.problem("start_timestamp", "is not an ISO-8601 date-time with a zone such as 2024-05-01T00:00:00Z "
          + "(was '" + raw + "')");
      return Optional.empty();
    }
  }
}
