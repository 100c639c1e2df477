package dev.awsconnectors.commons.runtime;

import dev.awsconnectors.commons.protocol.AirbyteCatalog;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import java.util.List;

/** A connector that reads: {@code discover} then {@code read}. */
public interface Source<C> extends Connector<C> {

  /** The streams this configuration can read. */
  AirbyteCatalog discover(C config) throws Exception;

  /**
   * Emits the records of the configured streams, each stream's STATE only after the records it covers, and stream
   * statuses. Returns when the sync is done; must always end.
   *
   * @param state the input state in array form (a legacy object arrives as one LEGACY state); empty on a first sync;
   *     states of a type this version does not know are left out
   */
  void read(C config, ConfiguredAirbyteCatalog catalog, List<AirbyteStateMessage> state, MessageOutput output)
      throws Exception;
}
