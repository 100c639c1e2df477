package dev.awsconnectors.destination.kinesis.client;

import dev.awsconnectors.commons.aws.AwsConnection;

/** Builds the client for one check or write; tests give the destination a factory of fakes. */
@FunctionalInterface
public interface KinesisStreamClientFactory {
  /**
   * @param connection where and how to call AWS, with the retry policy every call of the client follows
   * @param concurrency how many calls may run at once (the HTTP connection pool size)
   */
  KinesisStreamClient create(AwsConnection connection, int concurrency);
}
