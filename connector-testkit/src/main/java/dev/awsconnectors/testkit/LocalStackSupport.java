package dev.awsconnectors.testkit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack for the tests that should also run against it where Docker exists. Use it from a class annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)}, which JUnit skips cleanly on machines without Docker:
 *
 * <pre>{@code @Container static final LocalStackContainer LOCALSTACK = LocalStackSupport.container();}</pre>
 */
public final class LocalStackSupport {
  public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.10");

  private LocalStackSupport() {}

  /** A LocalStack with Kinesis, S3 and STS; constructing it needs no Docker. */
  public static LocalStackContainer container() {
    return new LocalStackContainer(IMAGE).withServices("kinesis", "s3", "sts");
  }

  public static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }
}
