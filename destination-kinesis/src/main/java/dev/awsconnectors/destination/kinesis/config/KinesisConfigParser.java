package dev.awsconnectors.destination.kinesis.config;

import dev.awsconnectors.commons.aws.AwsConnection;
import dev.awsconnectors.commons.aws.AwsConnectionReader;
import dev.awsconnectors.commons.aws.AwsFieldNames;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Aggregation;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Creation;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.InvalidPayloads;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Naming;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.OversizedRecords;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Sending;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.StreamMode;
import dev.awsconnectors.destination.kinesis.envelope.FieldPath;
import dev.awsconnectors.destination.kinesis.envelope.PayloadTemplate;
import dev.awsconnectors.destination.kinesis.envelope.TemplateLimits;
import dev.awsconnectors.kinesis.record.KinesisLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the spec-validated configuration into a {@link KinesisDestinationConfig}, recording every problem. Field
 * names of Airbyte's destination-kinesis 0.1.5 ({@code endpoint}, {@code region}, {@code shardCount},
 * {@code accessKey}, {@code privateKey}, {@code bufferSize}) keep their meaning so existing configurations work.
 */
public final class KinesisConfigParser {
  /** Airbyte's names for the shared AWS settings, plus ours for what it did not offer. */
  public static final AwsFieldNames AWS_FIELDS = new AwsFieldNames("region", "endpoint", "accessKey", "privateKey",
      null, "role_arn", "role_external_id", "allow_insecure_endpoint");
  private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
  private static final Pattern PREFIX = Pattern.compile("[a-zA-Z0-9_.-]{0,100}");
  static final long MAX_BUFFERED_BYTES = 64L * 1024 * 1024;
  static final Duration SHARD_MAP_REFRESH = Duration.ofSeconds(60);

  private KinesisConfigParser() {}

  public static KinesisDestinationConfig parse(ConfigReader config) {
    AwsConnection connection = AwsConnectionReader.read(config, AWS_FIELDS);
    Naming naming = naming(config);
    Creation creation = new Creation(
        config.bool("create_streams", true),
        config.choice("stream_mode", StreamMode.class, Enum::name, StreamMode.PROVISIONED),
        (int) config.longValue("shardCount", 5, 1, 100_000),
        Duration.ofSeconds(config.longValue("stream_creation_timeout_seconds", 300, 1, 3600)));
    PayloadFormat payload = payload(config);
    PartitionKeySpec partitionKey = partitionKey(config);
    Optional<FieldPath> hashKeyField = config.string("explicit_hash_key_field")
        .flatMap(text -> path(config, "explicit_hash_key_field", text));
    OversizedRecords oversized = config.choice("on_oversized_record", OversizedRecords.class, Enum::name,
        OversizedRecords.FAIL);
    InvalidPayloads invalid = config.choice("on_invalid_payload", InvalidPayloads.class, Enum::name,
        InvalidPayloads.FAIL);
    Aggregation aggregation = new Aggregation(config.bool("aggregation", false),
        (int) config.longValue("aggregation_max_kib", 256, 1, 10_240) * 1024, SHARD_MAP_REFRESH);
    Sending sending = new Sending(
        (int) config.longValue("bufferSize", KinesisLimits.PUT_RECORDS_MAX_ENTRIES, 1,
            KinesisLimits.PUT_RECORDS_MAX_ENTRIES),
        Duration.ofMillis(config.longValue("flush_interval_ms", 200, 1, 60_000)),
        (int) config.longValue("max_concurrent_requests", 4, 1, 64),
        config.bool("preserve_key_order", true),
        MAX_BUFFERED_BYTES);
    return new KinesisDestinationConfig(connection, naming, creation, payload, partitionKey, hashKeyField, oversized,
        aggregation, sending, invalid);
  }

  private static Naming naming(ConfigReader config) {
    Optional<String> target = config.string("target_stream");
    if (target.isPresent() && !STREAM_NAME.matcher(target.get()).matches()) {
      config.problem("target_stream", "must be 1 to 128 letters, digits, '_', '.' or '-' (was '" + target.get()
          + "')");
      target = Optional.empty();
    }
    String prefix = config.string("stream_prefix", "");
    if (!PREFIX.matcher(prefix).matches()) {
      config.problem("stream_prefix", "may only hold up to 100 letters, digits, '_', '.' or '-'");
      prefix = "";
    }
    if (target.isPresent() && !prefix.isEmpty()) {
      config.problem("stream_prefix", "is not used with 'target_stream'; set one of them");
    }
    return new Naming(target, prefix);
  }

  private static PayloadFormat payload(ConfigReader config) {
    Optional<ConfigReader> payload = config.object("payload");
    if (payload.isEmpty()) {
      return new PayloadFormat.Envelope(true);
    }
    ConfigReader p = payload.get();
    String mode = p.string("mode", "envelope_text").toLowerCase(Locale.ROOT);
    switch (mode) {
      case "envelope_text":
        return new PayloadFormat.Envelope(true);
      case "envelope_object":
        return new PayloadFormat.Envelope(false);
      case "envelope_v2":
        return new PayloadFormat.EnvelopeV2();
      case "data":
        return new PayloadFormat.Data();
      case "template":
        return template(p).<PayloadFormat>map(PayloadFormat.Template::new).orElseGet(PayloadFormat.Data::new);
      case "field": {
        Optional<FieldPath> field = path(p, "field", p.requiredString("field"));
        return field.<PayloadFormat>map(PayloadFormat.Field::new).orElseGet(PayloadFormat.Data::new);
      }
      case "projection": {
        List<PayloadFormat.Projected> fields = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String entry : p.strings("fields")) {
          int colon = entry.lastIndexOf(':');
          String source = colon < 0 ? entry : entry.substring(0, colon).strip();
          Optional<FieldPath> path = path(p, "fields", source);
          if (path.isEmpty()) {
            continue;
          }
          String target = colon < 0 ? path.get().segments().get(path.get().segments().size() - 1)
              : entry.substring(colon + 1).strip();
          if (target.isEmpty()) {
            p.problem("fields", "entry '" + entry + "' has an empty target name");
            continue;
          }
          if (targets.contains(target)) {
            p.problem("fields", "name the payload field '" + target + "' more than once");
            continue;
          }
          targets.add(target);
          fields.add(new PayloadFormat.Projected(path.get(), target));
        }
        if (fields.isEmpty()) {
          p.problem("fields", "needs at least one field");
        }
        return new PayloadFormat.Projection(fields);
      }
      default:
        p.problem("mode", "must be one of envelope_text, envelope_object, envelope_v2, data, field, projection, "
            + "template (was '" + mode + "')");
        return new PayloadFormat.Envelope(true);
    }
  }

  private static PartitionKeySpec partitionKey(ConfigReader config) {
    Optional<ConfigReader> key = config.object("partition_key");
    if (key.isEmpty()) {
      return new PartitionKeySpec.Random();
    }
    ConfigReader k = key.get();
    String mode = k.string("mode", "random").toLowerCase(Locale.ROOT);
    switch (mode) {
      case "random":
        return new PartitionKeySpec.Random();
      case "stream":
        return new PartitionKeySpec.SourceStream();
      case "constant": {
        String value = k.requiredString("value");
        if (value.length() > KinesisLimits.PARTITION_KEY_MAX_CHARS) {
          k.problem("value", "may have at most 256 characters");
        }
        return new PartitionKeySpec.Constant(value.isEmpty() ? "_" : value);
      }
      case "fields": {
        List<FieldPath> fields = new ArrayList<>();
        for (String text : k.strings("fields")) {
          path(k, "fields", text).ifPresent(fields::add);
        }
        if (fields.isEmpty()) {
          k.problem("fields", "needs at least one field");
          return new PartitionKeySpec.Random();
        }
        return new PartitionKeySpec.Fields(fields);
      }
      case "template":
        return template(k).<PartitionKeySpec>map(PartitionKeySpec.Template::new)
            .orElseGet(PartitionKeySpec.Random::new);
      default:
        k.problem("mode", "must be one of random, fields, stream, constant, template (was '" + mode + "')");
        return new PartitionKeySpec.Random();
    }
  }

  /** The {@code template} field of {@code config}, parsed once here; a syntax error names its line and column. */
  private static Optional<PayloadTemplate> template(ConfigReader config) {
    if (!config.has("template")) {
      config.problem("template", "is required but missing");
      return Optional.empty();
    }
    try {
      // Read unstripped (the reader's exact-text accessor is secret()), so that line and column numbers are the
      // user's; the template is not a secret and is not treated as one.
      String text = config.secret("template").orElseThrow().reveal();
      return Optional.of(PayloadTemplate.compile(text, TemplateLimits.DEFAULT));
    } catch (PayloadTemplate.SyntaxError e) {
      config.problem("template", "is not a valid Liquid template: " + e.reason() + " (line " + e.line()
          + ", column " + e.column() + ")");
      return Optional.empty();
    }
  }

  private static Optional<FieldPath> path(ConfigReader config, String field, String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(FieldPath.parse(text));
    } catch (IllegalArgumentException e) {
      config.problem(field, "has the field path '" + text + "', which " + e.getMessage());
      return Optional.empty();
    }
  }
}
