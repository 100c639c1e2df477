package dev.awsconnectors.source.kinesis;

import dev.awsconnectors.commons.runtime.ConnectorRunner;

/** The connector's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ConnectorRunner.main(new KinesisSource(), args);
  }
}
