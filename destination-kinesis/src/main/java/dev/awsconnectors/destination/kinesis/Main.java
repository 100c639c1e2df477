package dev.awsconnectors.destination.kinesis;

import dev.awsconnectors.commons.runtime.ConnectorRunner;

/** Entry point of the runnable jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    ConnectorRunner.main(new KinesisDestination(), args);
  }
}
