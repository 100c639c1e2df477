package dev.awsconnectors.destination.s3.config;

import java.util.Optional;

/** Server-side encryption requested on every object written (PutObject and CreateMultipartUpload). */
public sealed interface Encryption permits Encryption.BucketDefault, Encryption.S3Managed, Encryption.Kms {

  /** No header: the bucket's default encryption applies (SSE-S3 on every bucket since 2023). */
  record BucketDefault() implements Encryption {}

  /** SSE-S3: AES-256 with keys S3 manages ({@code x-amz-server-side-encryption: AES256}). */
  record S3Managed() implements Encryption {}

  /**
   * SSE-KMS ({@code x-amz-server-side-encryption: aws:kms}).
   *
   * @param keyId key ID, key ARN or alias; empty means the AWS managed key {@code aws/s3}
   * @param bucketKeyEnabled use an S3 Bucket Key to reduce KMS requests
   */
  record Kms(Optional<String> keyId, boolean bucketKeyEnabled) implements Encryption {}
}
