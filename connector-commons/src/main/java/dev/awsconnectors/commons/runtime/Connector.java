package dev.awsconnectors.commons.runtime;

import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.ConnectorSpec;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;

/**
 * What every connector offers the {@link ConnectorRunner}.
 *
 * <p>Lifecycle: for {@code spec} the runner only calls {@link #spec()}. For every other command it validates the
 * configuration file against {@link #spec()}, calls {@link #parseConfig} once, then exactly one of {@link #check} or
 * the command's method on {@link Source} / {@link Destination}. Implementations never touch stdin, stdout or
 * {@code System.exit}; they return values, write through a {@link MessageOutput} and throw
 * {@link dev.awsconnectors.commons.error.ConnectorException}s.
 *
 * @param <C> the connector's immutable configuration record
 */
public interface Connector<C> {

  /** The connector's {@code spec.json}. */
  ConnectorSpec spec();

  /**
   * Turns a configuration that passed schema validation into the config record. Record every semantic problem on
   * {@code config} (the runner reports them all together) rather than throwing on the first.
   */
  C parseConfig(ConfigReader config);

  /**
   * Verifies that a sync with this configuration can work, without creating, changing or deleting anything the
   * user owns. Returns FAILED with a message that says what to fix; an exception also becomes FAILED.
   */
  AirbyteConnectionStatus check(C config) throws Exception;
}
