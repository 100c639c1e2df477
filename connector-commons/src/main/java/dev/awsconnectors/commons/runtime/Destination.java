package dev.awsconnectors.commons.runtime;

import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;

/** A connector that writes the messages it reads on stdin. */
public interface Destination<C> extends Connector<C> {

  /**
   * Prepares a write of the configured streams (create what is missing, fail fast on what cannot work) and returns
   * the writer the runner feeds with stdin's messages.
   */
  DestinationWriter open(C config, ConfiguredAirbyteCatalog catalog, MessageOutput output) throws Exception;
}
