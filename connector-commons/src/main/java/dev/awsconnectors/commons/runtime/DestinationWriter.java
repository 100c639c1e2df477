package dev.awsconnectors.commons.runtime;

import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteTraceMessage;
import dev.awsconnectors.commons.state.IncomingState;

/**
 * Receives the messages of one {@code write}, in stdin order, on the runner's thread.
 *
 * <p>Lifecycle: any number of {@code accept*} calls; then, at the end of input and only if every call returned
 * normally, {@link #finish()} once; or, if reading the input or an {@code accept*} call failed,
 * {@link #flushBeforeFailure()} once; then {@link #close()} always. A STATE may be echoed (through
 * a {@link dev.awsconnectors.commons.state.StateLedger}) only after every record before it is durably stored.
 * Records of streams that are not in the configured catalog never reach the writer.
 */
public interface DestinationWriter extends AutoCloseable {

  /**
   * A record of stdin, as the runner hands it over. The default passes it on as a parsed message to
   * {@link #acceptRecord(AirbyteRecordMessage)}; a writer that can use the data as bytes
   * ({@link IncomingRecord#dataBytes()}) overrides this and never pays for a tree.
   *
   * <p>A {@link dev.awsconnectors.commons.error.ConnectorException} about this record names its stream
   * ({@code ConnectorException.stream()}); the runner then puts "stdin line N: " in front of its message, keeping its
   * failure type. A failure of earlier work surfaced here (a send or upload that failed meanwhile) names no stream
   * and passes unchanged.
   */
  default void acceptRecord(IncomingRecord record) throws Exception {
    acceptRecord(record.message());
  }

  /**
   * Whether this writer uses a record's data as bytes ({@link IncomingRecord#dataBytes()}); asked once, before the
   * first record. If so the runner reads record lines with a streaming parser that keeps the data as bytes; if not
   * it reads them in full, which costs less than bytes turned into a tree afterwards.
   */
  default boolean readsDataAsBytes() {
    return false;
  }

  /** A record as a parsed message (see {@link #acceptRecord(IncomingRecord)} for failures). */
  void acceptRecord(AirbyteRecordMessage record) throws Exception;

  void acceptState(IncomingState state) throws Exception;

  /** Stream statuses and other traces from the platform; ignored unless the destination acts on them. */
  default void acceptTrace(AirbyteTraceMessage trace) throws Exception {}

  /**
   * The runner has handed over every complete line it read and is about to read more input, which may take a while:
   * a writer that collects records to hand them on in runs hands on what it holds, so that no record waits for input
   * that may never come. Called on the runner's thread, between messages, before each read of stdin. Default:
   * nothing.
   */
  default void inputDrained() {}

  /** End of input: make everything durable and echo every remaining state. */
  void finish() throws Exception;

  /**
   * The sync is failing (a malformed input line, a record of an unknown stream, a record this writer refused): store
   * what was accepted before, as far as that is safe, so that the states already received are echoed and a retry
   * resends less. Must not do what only a complete input allows (such as deleting an earlier generation). A failure
   * here is added to the original one. Default: nothing; {@link #close()} discards what is not stored.
   */
  default void flushBeforeFailure() throws Exception {}

  /** Releases resources; after a failure, aborts what is not finished (no partial object becomes visible). */
  @Override
  void close() throws Exception;
}
