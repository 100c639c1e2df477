package dev.awsconnectors.testkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Starts one in-memory S3Proxy for a test class and stops it afterwards.
 *
 * <pre>{@code @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();}</pre>
 *
 * Each test should use its own bucket ({@link #newBucket}).
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback {
  private S3Emulator emulator;
  private S3Client client;

  @Override
  public void beforeAll(ExtensionContext context) {
    emulator = S3Emulator.startInMemory();
    client = emulator.client();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      client.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  public URI endpoint() {
    return emulator.endpoint();
  }

  public S3Client client() {
    return client;
  }

  public String accessKey() {
    return S3Emulator.ACCESS_KEY;
  }

  public String secretKey() {
    return S3Emulator.SECRET_KEY;
  }

  public String region() {
    return S3Emulator.REGION.id();
  }

  /** Creates a bucket with a name no other test uses. */
  public String newBucket() {
    String name = "test-" + UUID.randomUUID().toString().substring(0, 18);
    client.createBucket(r -> r.bucket(name));
    return name;
  }

  /** Every object under {@code prefix}, in key order. */
  public List<S3Object> list(String bucket, String prefix) {
    List<S3Object> objects = new ArrayList<>();
    client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
    return objects;
  }

  public byte[] get(String bucket, String key) {
    ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(r -> r.bucket(bucket).key(key));
    return bytes.asByteArray();
  }
}
