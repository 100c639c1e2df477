package dev.awsconnectors.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy, in this JVM, on a free loopback port, with SigV4 authentication and an in-memory store (or a directory,
 * to keep the objects after the run). Real S3 rules hold: bucket names of 3-63 characters, non-final multipart parts
 * of at least 5 MiB.
 */
public final class S3Emulator implements AutoCloseable {
  public static final String ACCESS_KEY = "local-access";
  public static final String SECRET_KEY = "local-secret";
  public static final Region REGION = Region.US_EAST_1;

  private final S3Proxy proxy;
  private final URI endpoint;

  private S3Emulator(S3Proxy proxy, URI endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  /** An emulator that forgets everything when stopped. */
  public static S3Emulator startInMemory() {
    return start("transient", new Properties());
  }

  /** An emulator that keeps objects as files under {@code directory}. */
  public static S3Emulator startOnDisk(java.nio.file.Path directory) {
    try {
      java.nio.file.Files.createDirectories(directory);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot create " + directory, e);
    }
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
    return start("filesystem-nio2", properties);
  }

  private static S3Emulator start(String provider, Properties properties) {
    try {
      S3Proxy proxy = S3Proxy.builder()
          .blobStore(BlobStores.create(provider, properties))
          .endpoint(URI.create("http://127.0.0.1:0"))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
          .ignoreUnknownHeaders(true)
          .build();
      proxy.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
        }
        KinesisMock.sleep(10);
      }
      return new S3Emulator(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start S3Proxy", e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A path-style client for test setup and assertions. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClient(ApacheHttpClient.builder().maxConnections(20).build())
        .build();
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop S3Proxy", e);
    }
  }
}
