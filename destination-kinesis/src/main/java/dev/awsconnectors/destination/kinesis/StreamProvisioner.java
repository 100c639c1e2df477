package dev.awsconnectors.destination.kinesis;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient.Status;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient.StreamSummary;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Creation;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.StreamMode;
import dev.awsconnectors.kinesis.record.KinesisLimits;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a target stream exists and is writable before the write starts: creates a missing one (if allowed) and
 * waits, with a timeout, until it is ACTIVE. Returns the stream's maximum record size.
 *
 * <p>Each DescribeStreamSummary and CreateStream call is retried by the client's retry policy (a CreateStream whose
 * answer was lost is retried into ResourceInUseException, which counts as created). The wait for ACTIVE is not a
 * retry: it polls a stream that answered, until 'stream_creation_timeout_seconds'.
 */
final class StreamProvisioner {
  private static final Logger LOG = LoggerFactory.getLogger(StreamProvisioner.class);
  /** Emulators create streams in milliseconds; AWS in seconds. Poll fast first, then back off. */
  private static final Duration FIRST_POLL = Duration.ofMillis(50);
  private static final Duration MAX_POLL = Duration.ofSeconds(2);

  private final KinesisStreamClient client;
  private final Creation creation;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;

  /** How the wait passes time; tests pass one that advances a fake clock. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  StreamProvisioner(KinesisStreamClient client, Creation creation) {
    this(client, creation, d -> Thread.sleep(d.toMillis()), System::nanoTime);
  }

  StreamProvisioner(KinesisStreamClient client, Creation creation, Sleeper sleeper, LongSupplier nanoTime) {
    this.client = client;
    this.creation = creation;
    this.sleeper = sleeper;
    this.nanoTime = nanoTime;
  }

  /** @return the largest record (data plus partition key) the stream accepts, in bytes */
  int prepare(String stream) throws InterruptedException {
    Optional<StreamSummary> summary = client.describe(stream);
    if (summary.isEmpty()) {
      if (!creation.createMissing()) {
        throw new ConfigErrorException("The Kinesis stream '" + stream + "' does not exist and 'create_streams' is "
            + "false. Create it, or allow the connector to create it.");
      }
      String capacity = creation.mode() == StreamMode.ON_DEMAND ? "on-demand capacity"
          : creation.shardCount() + " shards";
      LOG.info("Creating the Kinesis stream '{}' with {}", stream, capacity);
      client.createStream(stream, creation.mode(), creation.shardCount());
    } else if (summary.get().status() == Status.ACTIVE || summary.get().status() == Status.UPDATING) {
      return maxRecordBytes(summary.get());
    }
    return maxRecordBytes(awaitActive(stream));
  }

  private StreamSummary awaitActive(String stream) throws InterruptedException {
    long deadline = nanoTime.getAsLong() + creation.activeTimeout().toNanos();
    Duration poll = FIRST_POLL;
    while (true) {
      Optional<StreamSummary> summary = client.describe(stream);
      if (summary.isPresent()) {
        Status status = summary.get().status();
        if (status == Status.ACTIVE || status == Status.UPDATING) {
          return summary.get();
        }
        if (status == Status.DELETING) {
          throw new ConfigErrorException("The Kinesis stream '" + stream + "' is being deleted. Wait until it is "
              + "gone (it is then created again) or choose another stream.");
        }
      }
      if (nanoTime.getAsLong() >= deadline) {
        throw new TransientErrorException("The Kinesis stream '" + stream + "' did not become ACTIVE within "
            + creation.activeTimeout().toSeconds() + " s (status " + summary.map(s -> s.status().name())
                .orElse("not visible yet") + "). Try again later or raise 'stream_creation_timeout_seconds'.");
      }
      sleeper.sleep(poll);
      poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
    }
  }

  private static int maxRecordBytes(StreamSummary summary) {
    return summary.maxRecordSizeKiB().isPresent() && summary.maxRecordSizeKiB().getAsInt() > 0
        ? summary.maxRecordSizeKiB().getAsInt() * 1024 : KinesisLimits.RECORD_MAX_BYTES;
  }
}
