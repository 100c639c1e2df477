package dev.awsconnectors.destination.s3.storage;

import dev.awsconnectors.commons.aws.AwsClients;
import dev.awsconnectors.commons.aws.AwsConnection;
import dev.awsconnectors.commons.error.ConfigErrorException;
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
 * {@link ObjectStore} over the AWS SDK's {@link S3Client}: the only class of the destination that sees S3 types
 * (with {@link S3ErrorClassifier}, which turns its failures into messages that name the bucket, the operation and
 * the IAM permission it needs). Custom endpoints (MinIO, R2, Ceph, emulators) get path-style requests and checksums
 * only where required, which S3-compatible stores handle best.
 */
public final class S3ObjectStore implements ObjectStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

  private final AwsClients clients;
  private final S3Client s3;
  private final String bucket;
  private final Encryption encryption;
  private final S3ErrorClassifier errors;
  private volatile boolean conditionalWrites = true;

  private S3ObjectStore(AwsClients clients, S3Client s3, String bucket, Encryption encryption,
      S3ErrorClassifier errors) {
    this.clients = clients;
    this.s3 = s3;
    this.bucket = bucket;
    this.encryption = encryption;
    this.errors = errors;
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
      S3ErrorClassifier errors = new S3ErrorClassifier(config.bucket(), where, connection.endpoint().isPresent(),
          config.encryption() instanceof Encryption.Kms, clients.retryPolicy());
      return new S3ObjectStore(clients, builder.build(), config.bucket(), config.encryption(), errors);
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
  }

  @Override
  public void put(NewObject object, ObjectBody body) {
    call("uploading '" + object.key() + "' (PutObject)", errors.putPermission(), () -> {
      boolean conditional = conditionalWrites;
      try {
        s3.putObject(putRequest(object, conditional), body(body));
      } catch (AwsServiceException e) {
        if (S3ErrorClassifier.isPreconditionFailed(e)) {
          throw new ObjectExistsException(object.key(), e);
        }
        if (conditional && S3ErrorClassifier.isConditionalNotSupported(e)) {
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
    return call("starting a multipart upload of '" + object.key() + "' (CreateMultipartUpload)", errors.putPermission(),
        () -> {
      CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder().bucket(bucket)
          .key(object.key()).contentType(object.contentType()).metadata(object.metadata());
      encrypt(request::serverSideEncryption, request::ssekmsKeyId, request::bucketKeyEnabled);
      return s3.createMultipartUpload(request.build()).uploadId();
    });
  }

  @Override
  public String uploadPart(String key, String uploadId, int partNumber, ObjectBody body) {
    return call("uploading part " + partNumber + " of '" + key + "' (UploadPart)", errors.putPermission(),
        () -> s3.uploadPart(
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
        if (S3ErrorClassifier.isPreconditionFailed(e)) {
          throw new ObjectExistsException(key, e);
        }
        // The key of a multipart upload was checked before the upload started (see FileKeys).
        if (conditional && S3ErrorClassifier.isConditionalNotSupported(e)) {
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
      if (!S3ErrorClassifier.isNotFound(e)) {
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
    return call("reading '" + key + "' (GetObject)", errors.getPermission(),
        () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
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
        throw errors.deleteFailed(response.errors().size(), batch.size(), first.key(), first.code(), first.message());
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

  private static RequestBody body(ObjectBody body) {
    return RequestBody.fromContentProvider(body::open, body.length(), "application/octet-stream");
  }

  private void disableConditionalWrites(AwsServiceException e) {
    conditionalWrites = false;
    LOG.warn("The store does not support conditional writes (If-None-Match: {}): every new key is checked with "
        + "HeadObject before it is written, so that no object is overwritten", S3ErrorClassifier.errorCode(e));
  }

  private <T> T call(String action, String permission, Supplier<T> request) {
    try {
      return request.get();
    } catch (ObjectExistsException e) {
      throw e;
    } catch (SdkException e) {
      throw errors.classify(e, action, permission);
    }
  }
}
