package dev.awsconnectors.destination.s3;

import dev.awsconnectors.commons.runtime.ConnectorRunner;

/** The connector's entry point: {@code java -jar destination-s3.jar spec|check|write ...}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ConnectorRunner.main(new S3Destination(), args);
  }
}
