package dev.awsconnectors.destination.kinesis;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.LastStreamLookup;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.DestinationWriter;
import dev.awsconnectors.commons.runtime.IncomingRecord;
import dev.awsconnectors.commons.state.IncomingState;
import dev.awsconnectors.commons.state.StateLedger;
import dev.awsconnectors.commons.state.StateLedger.RecordGroup;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.OversizedRecords;
import dev.awsconnectors.destination.kinesis.envelope.RecordEncoder;
import dev.awsconnectors.destination.kinesis.envelope.RejectedRecordException;
import dev.awsconnectors.destination.kinesis.send.Member;
import dev.awsconnectors.destination.kinesis.send.SendIntake;
import dev.awsconnectors.destination.kinesis.send.SendLoop;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write of one sync, on the runner's thread: encodes each record, enforces the record-size limit, registers it
 * in the {@link StateLedger} and hands it to the {@link SendLoop} (through its {@link SendIntake}); registers each
 * state and wakes the loop so the records it covers go out promptly. The ledger echoes a state once the loop
 * acknowledged its records.
 */
final class KinesisWriter implements DestinationWriter {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisWriter.class);
  private static final int LOGGED_SKIPS = 10;

  private final RecordEncoder encoder;
  private final OversizedRecords oversized;
  private final StateLedger ledger;
  private final SendLoop loop;
  /** The loop's side on this thread: records, wake-ups and its failure. */
  private final SendIntake intake;
  private final KinesisStreamClient client;
  private final Clock clock;
  private long skipped;
  private long skippedInvalid;
  /** A stream's target and the size limit of its records. */
  private final LastStreamLookup<Target> targetOf;

  private record Target(String stream, int maxRecordBytes) {}

  KinesisWriter(Map<StreamDescriptor, String> targets, Map<String, Integer> maxRecordBytes, RecordEncoder encoder,
      OversizedRecords oversized, StateLedger ledger, SendLoop loop, KinesisStreamClient client, Clock clock) {
    this.targetOf = new LastStreamLookup<>(source -> {
      String target = targets.get(source);
      return new Target(target, maxRecordBytes.get(target));
    });
    this.encoder = encoder;
    this.oversized = oversized;
    this.ledger = ledger;
    this.loop = loop;
    this.intake = loop.intake();
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void acceptRecord(AirbyteRecordMessage record) throws InterruptedException {
    acceptRecord(IncomingRecord.of(record));
  }

  @Override
  public boolean readsDataAsBytes() {
    return encoder.readsDataAsBytes();
  }

  /** The runner's path: the record's data stays bytes unless the payload or key needs its fields. */
  @Override
  public void acceptRecord(IncomingRecord record) throws InterruptedException {
    intake.throwIfFailed();
    StreamDescriptor source = record.streamDescriptor();
    Target resolved = targetOf.get(source);
    String target = resolved.stream();
    long emittedAt = record.emittedAt() != null ? record.emittedAt() : clock.millis();
    UserRecord user;
    try {
      user = encoder.encode(record, source, target, emittedAt);
    } catch (RejectedRecordException e) { // on_invalid_payload: SKIP
      ledger.recordRejected(source);
      skippedInvalid++;
      if (skippedInvalid <= LOGGED_SKIPS) {
        LOG.warn("Skipped a record without a valid payload: {}{}", e.getMessage(),
            skippedInvalid == LOGGED_SKIPS ? " (further skips are only counted)" : "");
      }
      return;
    }
    int size = user.kinesisSize();
    int limit = resolved.maxRecordBytes();
    if (size > limit) {
      if (oversized == OversizedRecords.FAIL) {
        throw new ConfigErrorException("A record of stream '" + source + "' is " + size + " bytes as a Kinesis record "
            + "(data plus partition key), more than the " + limit + " bytes the Kinesis stream '" + target
            + "' accepts. Set 'on_oversized_record' to SKIP to drop such records (they are counted as rejected), "
            + "choose a smaller payload, or raise the stream's maximum record size (UpdateMaxRecordSize).", null,
            source);
      }
      ledger.recordRejected(source);
      skipped++;
      if (skipped <= LOGGED_SKIPS) {
        LOG.warn("Skipped a record of stream '{}': {} bytes as a Kinesis record, over the {} bytes of '{}'{}", source,
            size, limit, target, skipped == LOGGED_SKIPS ? " (further skips are only counted)" : "");
      }
      return;
    }
    RecordGroup group = ledger.recordAccepted(source);
    intake.submit(target, new Member(user, group, size + 64));
  }

  /** The records taken so far go to the send loop: the runner is about to wait for more input. */
  @Override
  public void inputDrained() {
    intake.handOver();
  }

  @Override
  public void acceptState(IncomingState state) {
    intake.throwIfFailed();
    ledger.stateAccepted(state);
    intake.wake();
  }

  @Override
  public void finish() throws InterruptedException {
    loop.finish();
    if (skipped > 0) {
      LOG.warn("Skipped {} records larger than the stream's maximum record size; they are counted as "
          + "rejectedRecordCount in the states' destinationStats", skipped);
    }
    if (skippedInvalid > 0) {
      LOG.warn("Skipped {} records without a valid payload; they are counted as rejectedRecordCount in the "
          + "states' destinationStats", skippedInvalid);
    }
    if (ledger.pendingStates() > 0) {
      throw new IllegalStateException(ledger.pendingStates() + " states were not released after every record "
          + "was acknowledged");
    }
  }

  /** Lets Kinesis acknowledge what was submitted before the failure, so the states it covers are echoed. */
  @Override
  public void flushBeforeFailure() throws InterruptedException {
    loop.finish();
  }

  @Override
  public void close() {
    try {
      loop.close();
    } finally {
      client.close();
    }
  }
}
