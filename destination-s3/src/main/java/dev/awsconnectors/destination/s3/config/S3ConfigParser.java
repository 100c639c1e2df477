package dev.awsconnectors.destination.s3.config;

import dev.awsconnectors.commons.aws.AssumeRole;
import dev.awsconnectors.commons.aws.AwsConnection;
import dev.awsconnectors.commons.aws.AwsConnectionReader;
import dev.awsconnectors.commons.aws.AwsFieldNames;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.Secret;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import dev.awsconnectors.destination.s3.path.PathTemplate;
import dev.awsconnectors.destination.s3.path.TemplateException;
import dev.awsconnectors.format.AirbyteColumns;
import dev.awsconnectors.format.FileFormat;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a configuration that passed the spec's schema into an {@link S3Config}, recording every problem on the
 * {@link ConfigReader} so that they are reported together. Templates are parsed here, so an unknown variable is a
 * config error of {@code check} and of the sync's start, never of the middle of a sync.
 */
public final class S3ConfigParser {
  public static final String EXTERNAL_ID_ENV = "AWS_ASSUME_ROLE_EXTERNAL_ID";
  static final AwsFieldNames FIELDS = new AwsFieldNames("s3_bucket_region", "s3_endpoint", "access_key_id",
      "secret_access_key", null, "role_arn", "role_external_id", "allow_insecure_endpoint");
  /** S3 bucket naming rules, loosely (S3-compatible stores allow a little more): 3-63 of a-z 0-9 . - _ */
  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]");
  private static final long MIB = 1024L * 1024;
  static final long MIN_MEMORY_BUDGET = 16 * MIB;

  private final Map<String, String> env;
  private final long maxHeapBytes;

  /**
   * @param env the process environment (for {@value #EXTERNAL_ID_ENV})
   * @param maxHeapBytes the JVM's maximum heap, for the default memory budget
   */
  public S3ConfigParser(Map<String, String> env, long maxHeapBytes) {
    this.env = env;
    this.maxHeapBytes = maxHeapBytes;
  }

  public static S3ConfigParser forThisProcess() {
    return new S3ConfigParser(System.getenv(), Runtime.getRuntime().maxMemory());
  }

  public S3Config parse(ConfigReader config) {
    String bucket = config.requiredString("s3_bucket_name");
    if (!bucket.isEmpty() && !BUCKET.matcher(bucket).matches()) {
      config.problem("s3_bucket_name", "is not a bucket name (3 to 63 letters, digits, dots and hyphens, without "
          + "s3:// or a path; put the path in s3_bucket_path)");
    }
    AwsConnection aws = withEnvironmentExternalId(AwsConnectionReader.read(config, FIELDS));
    boolean regionConfigured = aws.region().isPresent();

    FileFormat format = FormatConfigParser.parse(config);
    PathTemplate path = null;
    try {
      path = PathTemplate.parse(config.string("s3_bucket_path", ""), config.string("s3_path_format", ""));
    } catch (TemplateException e) {
      e.problems().forEach(p -> config.problem(p.startsWith("the bucket path") ? "s3_bucket_path"
          : "s3_path_format", withoutSubject(p)));
    }
    FileNameTemplate fileName = null;
    if (format != null) {
      try {
        fileName = FileNameTemplate.parse(config.string("file_name_pattern", ""), format.extension());
      } catch (TemplateException e) {
        e.problems().forEach(p -> config.problem("file_name_pattern", withoutSubject(p)));
      }
    }
    AirbyteColumns columns = config.choice("airbyte_columns", AirbyteColumns.class,
        c -> c.name().toLowerCase(Locale.ROOT), AirbyteColumns.V1);
    Encryption encryption = encryption(config);
    long targetMb = config.longValue("target_file_size_mb", 200, 1, 5_000_000);
    long flushSeconds = config.longValue("flush_interval_seconds", 900, 0, 86_400);
    long defaultBudget = Math.max(MIN_MEMORY_BUDGET, (long) (maxHeapBytes * 0.4));
    long budget = config.has("memory_budget_mb")
        ? config.longValue("memory_budget_mb", defaultBudget / MIB, 16, 1_048_576) * MIB : defaultBudget;
    return new S3Config(bucket, aws, regionConfigured, config.string("s3_bucket_path", ""), path, fileName, format, columns, encryption,
        targetMb * MIB, Duration.ofSeconds(flushSeconds), budget);
  }

  /** "the path format uses ..." becomes "uses ...": the reader names the field. */
  private static String withoutSubject(String problem) {
    return problem.replaceFirst("^the (bucket path|path format|file name pattern):? ", "");
  }

  private static Encryption encryption(ConfigReader config) {
    Optional<ConfigReader> section = config.object("server_side_encryption");
    if (section.isEmpty()) {
      return new Encryption.BucketDefault();
    }
    ConfigReader sse = section.get();
    String type = sse.string("encryption_type").orElse("none");
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "NONE" -> new Encryption.BucketDefault();
      case "SSE-S3", "AES256" -> new Encryption.S3Managed();
      case "SSE-KMS", "AWS:KMS" -> new Encryption.Kms(sse.string("kms_key_id"), sse.bool("bucket_key_enabled", false));
      default -> {
        sse.problem("encryption_type", "must be none, SSE-S3 or SSE-KMS (was '" + type + "')");
        yield new Encryption.BucketDefault();
      }
    };
  }

  /** Airbyte read the external ID from the environment only; the field wins, the variable still works. */
  private AwsConnection withEnvironmentExternalId(AwsConnection aws) {
    String fromEnv = env.get(EXTERNAL_ID_ENV);
    if (aws.assumeRole().isEmpty() || aws.assumeRole().get().externalId().isPresent() || fromEnv == null
        || fromEnv.isBlank()) {
      return aws;
    }
    AssumeRole role = aws.assumeRole().get();
    return new AwsConnection(aws.region(), aws.endpoint(), aws.credentials(), Optional.of(new AssumeRole(
        role.roleArn(), Optional.of(new Secret(fromEnv.strip())), role.sessionName(), role.sessionDuration(),
        role.stsEndpoint())), aws.retry());
  }
}
