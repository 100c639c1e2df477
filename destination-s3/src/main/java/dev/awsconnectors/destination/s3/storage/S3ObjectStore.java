package dev.awsconnectors.destination.s3.storage;

import dev.awsconnectors.commons.aws.AwsClients;
import dev.awsconnectors.commons.aws.AwsConnection;
import dev.awsconnectors.commons.aws.AwsErrors;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.s3.config.Encryption;
import dev.awsconnectors.destination.s3.config.S3Config;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link ObjectStore} over the AWS SDK's {@link S3Client}: the only class of the destination that sees S3 types.
 * Custom endpoints (MinIO, R2, Ceph, emulators) get path-style requests and checksums only where required, which
 * S3-compatible stores handle best. Failures are classified by status and error code into messages that name the
 * bucket, the operation and the IAM permission it needs.
 */
public final class S3ObjectStore implements ObjectStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
  private static final String CONDITIONAL_NOT_SUPPORTED = "NotImplemented";

  private final AwsClients clients;
  private final S3Client s3;
  private final String bucket;
  private final Encryption encryption;
  private final String where;
  private volatile boolean conditionalWrites = true;

  private S3ObjectStore(AwsClients clients, S3Client s3, String bucket, Encryption encryption, String where) {
    this.clients = clients;
    this.s3 = s3;
    this.bucket = bucket;
    this.encryption = encryption;
    this.where = where;
  }

  /**
   * Connects to the configured bucket: resolves the credentials (a failure is a config error) and builds the client.
   *
   * @param maxConnections at least the number of concurrent requests
   */
  public static S3ObjectStore open(S3Config config, int maxConnections) {
    AwsConnection connection = config.aws();
    boolean followBucketRegion = false;
    if (connection.region().isEmpty() && connection.endpoint().isEmpty()) {
      Region region;
      try {
        region = new DefaultAwsRegionProviderChain().getRegion();
      } catch (SdkException e) {
        region = Region.US_EAST_1;
        followBucketRegion = true;
      }
      connection = new AwsConnection(Optional.of(region), connection.endpoint(), connection.credentials(),
          connection.assumeRole(), connection.retry());
    }
    AwsClients clients = AwsClients.create(connection, new AwsClients.Tuning(maxConnections, Duration.ofSeconds(60),
        Duration.ofMinutes(10)));
    try {
      S3ClientBuilder builder = clients.configure(S3Client.builder());
      if (config.customEndpoint()) {
        builder.forcePathStyle(true)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
      } else if (followBucketRegion) {
        builder.crossRegionAccessEnabled(true);
      }
      String where = "bucket '" + config.bucket() + "' "
          + connection.endpoint().map(URI::toString).map(e -> "at " + e)
              .orElse("in " + clients.region().id() + (followBucketRegion ? " (or the bucket's region)" : ""));
      return new S3ObjectStore(clients, builder.build(), config.bucket(), config.encryption(), where);
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
  }

  @Override
  public void put(NewObject object, ObjectBody body) {
    call("uploading '" + object.key() + "' (PutObject)", putPermission(), () -> {
      boolean conditional = conditionalWrites;
      try {
        s3.putObject(putRequest(object, conditional), body(body));
      } catch (AwsServiceException e) {
        if (isPreconditionFailed(e)) {
          throw new ObjectExistsException(object.key(), e);
        }
        if (conditional && isConditionalNotSupported(e)) {
          // Writing again without the condition could replace an object: the caller checks the key first.
          disableConditionalWrites(e);
          throw new ConditionalWritesUnsupportedException(object.key(), e);
        }
        throw e;
      }
      return null;
    });
  }

  @Override
  public boolean conditionalWrites() {
    return conditionalWrites;
  }

  @Override
  public String startMultipart(NewObject object) {
    return call("starting a multipart upload of '" + object.key() + "' (CreateMultipartUpload)", putPermission(),
        () -> {
      CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder().bucket(bucket)
          .key(object.key()).contentType(object.contentType()).metadata(object.metadata());
      encrypt(request::serverSideEncryption, request::ssekmsKeyId, request::bucketKeyEnabled);
      return s3.createMultipartUpload(request.build()).uploadId();
    });
  }

  @Override
  public String uploadPart(String key, String uploadId, int partNumber, ObjectBody body) {
    return call("uploading part " + partNumber + " of '" + key + "' (UploadPart)", putPermission(), () -> s3.uploadPart(
        r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength(body.length()),
        body(body)).eTag());
  }

  @Override
  public void completeMultipart(String key, String uploadId, List<Part> parts) {
    List<CompletedPart> completed = parts.stream()
        .map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build()).toList();
    call("completing the multipart upload of '" + key + "' (CompleteMultipartUpload)", "s3:PutObject", () -> {
      boolean conditional = conditionalWrites;
      try {
        s3.completeMultipartUpload(r -> {
          r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(completed));
          if (conditional) {
            r.ifNoneMatch("*");
          }
        });
      } catch (AwsServiceException e) {
        if (isPreconditionFailed(e)) {
          throw new ObjectExistsException(key, e);
        }
        // The key of a multipart upload was checked before the upload started (see FileKeys).
        if (conditional && isConditionalNotSupported(e)) {
          disableConditionalWrites(e);
          s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
              .multipartUpload(m -> m.parts(completed)));
          return null;
        }
        throw e;
      }
      return null;
    });
  }

  @Override
  public void abortMultipart(String key, String uploadId) {
    try {
      call("aborting the multipart upload of '" + key + "' (AbortMultipartUpload)", "s3:AbortMultipartUpload",
          () -> s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)));
    } catch (ConfigErrorException e) {
      if (!(e.getCause() instanceof AwsServiceException ase) || ase.statusCode() != 404) {
        throw e;
      }
    }
  }

  @Override
  public void list(String prefix, Consumer<ObjectInfo> each) {
    call("listing the objects under '" + prefix + "' (ListObjectsV2)", "s3:ListBucket", () -> {
      s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()
          .forEach(o -> each.accept(new ObjectInfo(o.key(), o.size() == null ? 0 : o.size())));
      return null;
    });
  }

  @Override
  public Page firstPage(String prefix, int maxKeys) {
    return call("listing the objects under '" + prefix + "' (ListObjectsV2)", "s3:ListBucket", () -> {
      ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(maxKeys));
      return new Page(page.contents().stream().map(o -> new ObjectInfo(o.key(), o.size() == null ? 0 : o.size()))
          .toList(), Boolean.TRUE.equals(page.isTruncated()));
    });
  }

  @Override
  public Optional<Map<String, String>> metadata(String key) {
    return call("reading the metadata of '" + key + "' (HeadObject)", "s3:GetObject", () -> {
      try {
        return Optional.of(Map.copyOf(s3.headObject(r -> r.bucket(bucket).key(key)).metadata()));
      } catch (AwsServiceException e) {
        if (e.statusCode() == 404) {
          return Optional.empty();
        }
        throw e;
      }
    });
  }

  @Override
  public byte[] get(String key) {
    return call("reading '" + key + "' (GetObject)", encryption instanceof Encryption.Kms ? "s3:GetObject and kms:Decrypt"
        : "s3:GetObject", () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
  }

  @Override
  public void delete(Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += S3Limits.MAX_KEYS_PER_DELETE) {
      List<ObjectIdentifier> batch = all.subList(from, Math.min(all.size(), from + S3Limits.MAX_KEYS_PER_DELETE))
          .stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
      DeleteObjectsResponse response = call("deleting " + batch.size() + " objects (DeleteObjects)", "s3:DeleteObject",
          () -> s3.deleteObjects(r -> r.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build())));
      if (response.hasErrors() && !response.errors().isEmpty()) {
        S3Error first = response.errors().get(0);
        String message = "S3 did not delete " + response.errors().size() + " of " + batch.size() + " objects in "
            + where + "; first: '" + first.key() + "': " + first.code() + " " + first.message();
        if ("AccessDenied".equals(first.code())) {
          throw new ConfigErrorException(message + ". The credentials need s3:DeleteObject.");
        }
        throw new TransientErrorException(message + ". Running the sync again retries the deletion.");
      }
    }
  }

  @Override
  public void close() {
    try {
      s3.close();
    } finally {
      clients.close();
    }
  }

  /** Sets the configured server-side encryption through a request builder's setters (PutObject, multipart). */
  private void encrypt(Consumer<ServerSideEncryption> algorithm, Consumer<String> kmsKeyId,
      Consumer<Boolean> bucketKey) {
    if (encryption instanceof Encryption.S3Managed) {
      algorithm.accept(ServerSideEncryption.AES256);
    } else if (encryption instanceof Encryption.Kms kms) {
      algorithm.accept(ServerSideEncryption.AWS_KMS);
      kms.keyId().ifPresent(kmsKeyId);
      if (kms.bucketKeyEnabled()) {
        bucketKey.accept(true);
      }
    }
    // Encryption.BucketDefault: no header, the bucket's default encryption applies.
  }

  private PutObjectRequest putRequest(NewObject object, boolean conditional) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(object.key())
        .contentType(object.contentType()).metadata(object.metadata());
    if (conditional) {
      request.ifNoneMatch("*");
    }
    encrypt(request::serverSideEncryption, request::ssekmsKeyId, request::bucketKeyEnabled);
    return request.build();
  }

  private String putPermission() {
    return encryption instanceof Encryption.Kms ? "s3:PutObject and kms:GenerateDataKey" : "s3:PutObject";
  }

  private static RequestBody body(ObjectBody body) {
    return RequestBody.fromContentProvider(body::open, body.length(), "application/octet-stream");
  }

  private static boolean isPreconditionFailed(AwsServiceException e) {
    return e.statusCode() == 412;
  }

  private static boolean isConditionalNotSupported(AwsServiceException e) {
    return e.statusCode() == 501 && CONDITIONAL_NOT_SUPPORTED.equals(errorCode(e));
  }

  private void disableConditionalWrites(AwsServiceException e) {
    conditionalWrites = false;
    LOG.warn("The store does not support conditional writes (If-None-Match: {}): every new key is checked with "
        + "HeadObject before it is written, so that no object is overwritten", errorCode(e));
  }

  private <T> T call(String action, String permission, Supplier<T> request) {
    try {
      return request.get();
    } catch (ObjectExistsException e) {
      throw e;
    } catch (SdkException e) {
      throw classify(e, action, permission);
    }
  }

  /** Turns an SDK failure into what the user must do, from status and error codes only. */
  ConnectorException classify(SdkException e, String action, String permission) {
    String doing = action + " in " + where;
    if (e instanceof AwsServiceException ase) {
      String code = errorCode(ase);
      int status = ase.statusCode();
      String detail = " (" + (code.isEmpty() ? "" : code + ", ") + "HTTP " + status + ")";
      Optional<String> bucketRegion = ase.awsErrorDetails() == null || ase.awsErrorDetails().sdkHttpResponse() == null
          ? Optional.empty() : ase.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
      switch (code) {
        case "NoSuchBucket" -> {
          return new ConfigErrorException("The bucket '" + bucket + "' does not exist" + detail + ". Create it, "
              + "or correct s3_bucket_name" + (where.contains(" at ") ? " and s3_endpoint" : " and the account")
              + ".", e);
        }
        case "InvalidAccessKeyId" -> {
          return new ConfigErrorException("S3 does not know the access key ID" + detail + " while " + doing
              + ". Check access_key_id (is the key deleted or inactive?) and, for an S3-compatible store, "
              + "s3_endpoint.", e);
        }
        case "SignatureDoesNotMatch" -> {
          return new ConfigErrorException("S3 rejected the request signature" + detail + " while " + doing
              + ": the secret access key does not match the access key ID. Check secret_access_key.", e);
        }
        case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException" -> {
          return new ConfigErrorException("The bucket '" + bucket + "' is in "
              + bucketRegion.map(r -> "region " + r).orElse("another region") + ", not in the configured one"
              + detail + ". Set s3_bucket_region to " + bucketRegion.orElse("the bucket's region") + ".", e);
        }
        default -> { }
      }
      if (status == 301 || (status == 400 && bucketRegion.isPresent())) {
        return new ConfigErrorException("The bucket '" + bucket + "' is in region " + bucketRegion.orElse("?")
            + ", not in the configured one" + detail + ". Set s3_bucket_region to " + bucketRegion.orElse("it")
            + ".", e);
      }
      if (code.startsWith("KMS.") || code.startsWith("Kms")) {
        return new ConfigErrorException("KMS refused a request while " + doing + detail + ": the credentials need "
            + "kms:GenerateDataKey and kms:Decrypt on the key, and the key must be enabled and in the bucket's "
            + "region.", e);
      }
      if (status == 403 || "AccessDenied".equals(code)) {
        return new ConfigErrorException("Access denied while " + doing + detail + ". The credentials need "
            + permission + " on this bucket and path; check the IAM policy, the bucket policy"
            + (encryption instanceof Encryption.Kms ? " and the KMS key policy" : "") + ".", e);
      }
      if ("ConditionalRequestConflict".equals(code)) {
        return new TransientErrorException("A concurrent write conflicted while " + doing + detail + ".", e);
      }
      if (status == 501) {
        return new SystemErrorException("The store does not implement a request needed for " + doing + detail
            + ".", e);
      }
      return AwsErrors.classify(e, doing);
    }
    if (e instanceof SdkClientException && AwsErrors.isTransient(e)) {
      return new TransientErrorException("Could not reach S3 while " + doing + ": " + AwsErrors.describe(e)
          + ", after retries (" + clients.retryPolicy().describe() + "). Check s3_endpoint, s3_bucket_region and "
          + "the network.", e);
    }
    return AwsErrors.classify(e, doing);
  }

  private static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
        : e.awsErrorDetails().errorCode();
  }
}
