package dev.awsconnectors.destination.s3.config;

import dev.awsconnectors.commons.aws.AwsConnection;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import dev.awsconnectors.destination.s3.path.PathTemplate;
import dev.awsconnectors.format.AirbyteColumns;
import dev.awsconnectors.format.FileFormat;
import java.time.Duration;

/**
 * The destination's configuration, parsed once by {@link S3ConfigParser}: nothing below it sees raw JSON.
 *
 * @param bucket the bucket name
 * @param aws region, endpoint, credentials and role
 * @param regionConfigured false when the region was left empty: the S3 client then follows the bucket's region
 * @param bucketPath the bucket path as configured
 * @param path the bucket path and path format, parsed together (object keys start with the bucket path)
 * @param fileName the file name pattern (the default is {@code {part_number}{format_extension}})
 * @param format the file format and its options
 * @param columns which Airbyte columns the files carry
 * @param encryption server-side encryption for every object
 * @param targetFileSizeBytes a file is closed once it reaches this size (after compression)
 * @param flushInterval how long a state may wait before the files holding its records are closed; zero disables
 * @param memoryBudgetBytes memory for part buffers and format buffers, shared by all streams
 */
public record S3Config(
    String bucket,
    AwsConnection aws,
    boolean regionConfigured,
    String bucketPath,
    PathTemplate path,
    FileNameTemplate fileName,
    FileFormat format,
    AirbyteColumns columns,
    Encryption encryption,
    long targetFileSizeBytes,
    Duration flushInterval,
    long memoryBudgetBytes) {

  /** True when requests go to a custom (S3-compatible) endpoint rather than Amazon S3. */
  public boolean customEndpoint() {
    return aws.endpoint().isPresent();
  }

  /** This configuration with another AWS connection (the check's bounded retry policy, for example). */
  public S3Config withAws(AwsConnection other) {
    return new S3Config(bucket, other, regionConfigured, bucketPath, path, fileName, format, columns, encryption,
        targetFileSizeBytes, flushInterval, memoryBudgetBytes);
  }
}
