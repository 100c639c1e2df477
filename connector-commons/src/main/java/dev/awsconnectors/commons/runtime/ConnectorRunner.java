package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.ConnectorSpec;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.log.LogRouter;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.CliArguments.Command;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command-line runner: parses the arguments, reads and validates the files, dispatches to the connector and
 * turns every outcome into protocol messages and an exit code (0 success, 1 failure). The only code that touches
 * stdin, stdout and {@code System.exit}.
 */
public final class ConnectorRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectorRunner.class);

  private final Connector<?> connector;
  private final Clock clock;
  private final SecretScrubber scrubber = new SecretScrubber();

  public ConnectorRunner(Connector<?> connector, Clock clock) {
    this.connector = connector;
    this.clock = clock;
  }

  /**
   * The connector's {@code main}: wires the process's streams (stray prints to stdout become LOG messages, stderr is
   * scrubbed of secrets), runs the command and exits with its code.
   */
  public static void main(Connector<?> connector, String[] args) {
    ConnectorRunner runner = new ConnectorRunner(connector, Clock.systemUTC());
    PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(new LineOutputStream(line -> stderr.println(runner.scrubber.scrub(line))), true,
        StandardCharsets.UTF_8));
    Logger strayOutput = LoggerFactory.getLogger("stdout");
    System.setOut(new PrintStream(new LineOutputStream(strayOutput::info), true, StandardCharsets.UTF_8));
    int code = runner.run(args, System.in, stdout);
    stdout.flush();
    System.exit(code);
  }

  /** Runs one command with the given streams and returns the exit code. */
  public int run(String[] args, InputStream stdin, OutputStream stdout) {
    StdoutChannel out = new StdoutChannel(stdout, scrubber, clock);
    LogRouter.install(out::log);
    try {
      CliArguments cli = CliArguments.parse(args);
      return dispatch(connector, cli, stdin, out, new UnknownValueWarnings());
    } catch (Throwable failure) {
      Throwable reported = failure instanceof InputFile.UnreadableFileException u ? u.error() : failure;
      LOG.error("The connector failed: {}", reported.getMessage(), reported);
      out.emit(ErrorTraces.of(reported, clock.millis()));
      return 1;
    } finally {
      LogRouter.reset();
      out.flush();
    }
  }

  private <C> int dispatch(Connector<C> connector, CliArguments cli, InputStream stdin, StdoutChannel out,
      UnknownValueWarnings warnings) throws Exception {
    ConnectorSpec spec = connector.spec();
    if (cli.command() == Command.SPEC) {
      out.emit(AirbyteMessage.of(spec.specification()));
      return 0;
    }
    Path configFile = cli.config().orElseThrow();
    if (cli.command() == Command.CHECK) {
      out.emit(AirbyteMessage.of(check(connector, spec, configFile)));
      return 0;
    }
    C config = loadConfig(connector, spec, configFile);
    switch (cli.command()) {
      case DISCOVER -> {
        Source<C> source = requireRole(connector, Source.class, cli.command());
        out.emit(AirbyteMessage.of(source.discover(config)));
      }
      case READ -> {
        Source<C> source = requireRole(connector, Source.class, cli.command());
        ConfiguredAirbyteCatalog catalog = CatalogFile.read(cli.catalog().orElseThrow(), warnings);
        List<AirbyteStateMessage> state = cli.state().map(f -> StateFile.read(f, warnings)).orElse(List.of());
        source.read(config, catalog, state, out);
      }
      case WRITE -> {
        Destination<C> destination = requireRole(connector, Destination.class, cli.command());
        ConfiguredAirbyteCatalog catalog = CatalogFile.read(cli.catalog().orElseThrow(), warnings);
        write(destination, config, catalog, stdin, out, warnings);
      }
      default -> throw new IllegalStateException("Unhandled command " + cli.command());
    }
    return 0;
  }

  /** Exactly one status: every problem, with the config or the connection, becomes FAILED with what to fix. */
  private <C> AirbyteConnectionStatus check(Connector<C> connector, ConnectorSpec spec, Path configFile) {
    C config;
    try {
      config = loadConfig(connector, spec, configFile);
    } catch (InputFile.UnreadableFileException e) {
      throw e;
    } catch (ConfigErrorException e) {
      return AirbyteConnectionStatus.failed(e.getMessage());
    }
    try {
      AirbyteConnectionStatus status = connector.check(config);
      if (status.status() == AirbyteConnectionStatus.Status.FAILED) {
        LOG.warn("Check failed: {}", status.message());
      }
      return status;
    } catch (Exception | LinkageError e) {
      LOG.warn("Check failed: {}", e.getMessage(), e);
      return AirbyteConnectionStatus.failed(ErrorTraces.statusMessage(e));
    }
  }

  private <C> C loadConfig(Connector<C> connector, ConnectorSpec spec, Path file) {
    JsonNode raw = InputFile.readJson(file, "config");
    scrubber.register(spec.secretValues(raw));
    if (!raw.isObject()) {
      throw new ConfigErrorException("The config file '" + file + "' must hold a JSON object.");
    }
    List<String> problems = spec.validate(raw);
    if (!problems.isEmpty()) {
      throw ConfigReader.invalid(problems);
    }
    ConfigReader reader = ConfigReader.of(raw);
    C config = connector.parseConfig(reader);
    reader.throwIfProblems();
    return config;
  }

  private <C> void write(Destination<C> destination, C config, ConfiguredAirbyteCatalog catalog, InputStream stdin,
      MessageOutput out, UnknownValueWarnings warnings) throws Exception {
    Set<StreamDescriptor> configured = new HashSet<>();
    catalog.streams().forEach(s -> configured.add(s.descriptor().key()));
    try (DestinationWriter writer = destination.open(config, catalog, out)) {
      MessagePump.Counts counts;
      try {
        counts = new MessagePump(configured, warnings).pump(new Utf8Lines(stdin), writer);
      } catch (Exception failure) {
        try {
          writer.flushBeforeFailure();
        } catch (Exception e) {
          if (e != failure) { // a writer that already failed may throw its failure again
            failure.addSuppressed(e);
          }
        }
        throw failure;
      }
      LOG.info("End of input after {} lines ({} records, {} states); finishing the write", counts.lines(),
          counts.records(), counts.states());
      writer.finish();
    }
  }

  @SuppressWarnings("unchecked")
  private static <C, R> R requireRole(Connector<C> connector, Class<?> role, Command command) {
    if (!role.isInstance(connector)) {
      throw new ConfigErrorException("This connector does not support the " + CliArguments.name(command)
          + " command.");
    }
    return (R) connector;
  }
}
