package dev.awsconnectors.destination.kinesis.client;

import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig;

/** Builds the client for one check or write; tests give the destination a factory of fakes. */
@FunctionalInterface
public interface KinesisStreamClientFactory {
  /** @param concurrency how many calls may run at once (the HTTP connection pool size) */
  KinesisStreamClient create(KinesisDestinationConfig config, int concurrency);
}
