package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.ConnectorSpec;
import dev.awsconnectors.commons.config.UnknownField;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command-line runner: parses the arguments, reads and validates the files, dispatches to the connector and
 * turns every outcome into protocol messages and an exit code (0 success, 1 failure, 2 a command line it cannot run,
 * with the usage on stderr). The only code that touches stdin, stdout, stderr and {@code System.exit}.
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
    int code = runner.run(args, System.in, stdout, System.err);
    stdout.flush();
    System.exit(code);
  }

  /** Runs one command with the given streams and returns the exit code; the usage goes to {@code System.err}. */
  public int run(String[] args, InputStream stdin, OutputStream stdout) {
    return run(args, stdin, stdout, System.err);
  }

  /**
   * Runs one command with the given streams and returns the exit code: 0 success, 1 failure, 2 a command line the
   * connector cannot run (with the usage on {@code stderr}; also without arguments or with {@code --help}).
   */
  public int run(String[] args, InputStream stdin, OutputStream stdout, PrintStream stderr) {
    StdoutChannel out = new StdoutChannel(stdout, scrubber, clock);
    LogRouter.install(out::log);
    try {
      CliArguments cli = CliArguments.parse(args);
      return dispatch(connector, cli, stdin, out, new UnknownValueWarnings());
    } catch (CliArguments.UsageException usage) {
      if (usage.isError()) {
        out.emit(ErrorTraces.usage(usage.getMessage(), clock.millis()));
        stderr.println(usage.getMessage());
        stderr.println();
      }
      stderr.print(usage());
      stderr.flush();
      return CliArguments.UsageException.EXIT_CODE;
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

  private String usage() {
    String title = connector.getClass().getPackage().getImplementationTitle();
    Optional<String> documentation;
    try {
      documentation = Optional.ofNullable(connector.spec().specification().documentationUrl());
    } catch (RuntimeException e) {
      documentation = Optional.empty();
    }
    return Usage.text("java -jar " + (title == null ? "<connector>" : title) + ".jar",
        connector instanceof Source, connector instanceof Destination, documentation);
  }

  @SuppressWarnings("unchecked") // the role was checked first
  private <C> int dispatch(Connector<C> connector, CliArguments cli, InputStream stdin, StdoutChannel out,
      UnknownValueWarnings warnings) throws Exception {
    requireRole(connector, cli.command());
    ConnectorSpec spec = connector.spec();
    if (cli.command() == Command.SPEC) {
      out.emit(AirbyteMessage.of(spec.specification()));
      return 0;
    }
    if (cli.command() == Command.CHECK) {
      out.emit(AirbyteMessage.of(check(connector, spec, cli.config().orElseThrow())));
      return 0;
    }
    C config = parseConfig(connector, spec, readConfig(spec, cli.config().orElseThrow()).json());
    switch (cli.command()) {
      case DISCOVER -> out.emit(AirbyteMessage.of(((Source<C>) connector).discover(config)));
      case READ -> {
        ConfiguredAirbyteCatalog catalog = CatalogFile.read(cli.catalog().orElseThrow(), warnings);
        List<AirbyteStateMessage> state = cli.state().map(f -> StateFile.read(f, warnings)).orElse(List.of());
        ((Source<C>) connector).read(config, catalog, state, out);
      }
      case WRITE -> {
        ConfiguredAirbyteCatalog catalog = CatalogFile.read(cli.catalog().orElseThrow(), warnings);
        write((Destination<C>) connector, config, catalog, stdin, out, warnings);
      }
      default -> throw new IllegalStateException("Unhandled command " + cli.command());
    }
    return 0;
  }

  /**
   * Exactly one status: every problem, with the config or the connection, becomes FAILED with what to fix, logged
   * once, here; unknown config fields are added to the message whatever the outcome.
   */
  private <C> AirbyteConnectionStatus check(Connector<C> connector, ConnectorSpec spec, Path configFile) {
    RawConfig raw = null;
    AirbyteConnectionStatus status;
    Throwable unexpected = null;
    try {
      raw = readConfig(spec, configFile);
      status = connector.check(parseConfig(connector, spec, raw.json()));
    } catch (InputFile.UnreadableFileException e) {
      throw e; // a wrong path is a mistake in the command line, not a failed check
    } catch (ConfigErrorException e) {
      status = AirbyteConnectionStatus.failed(e.getMessage());
    } catch (Exception | LinkageError e) {
      status = AirbyteConnectionStatus.failed(ErrorTraces.statusMessage(e));
      unexpected = e;
    }
    if (status.status() == AirbyteConnectionStatus.Status.FAILED) {
      if (unexpected == null) {
        LOG.warn("Check failed: {}", status.message());
      } else {
        LOG.warn("Check failed: {}", status.message(), unexpected);
      }
    }
    if (raw == null || raw.unknownFields().isEmpty()) {
      return status;
    }
    String note = raw.unknownFieldsNote();
    String message = status.message() == null || status.message().isBlank() ? note : status.message() + " " + note;
    return new AirbyteConnectionStatus(status.status(), message, status.additionalProperties());
  }

  /** The config file as JSON, with the top-level fields the spec does not declare. */
  private record RawConfig(JsonNode json, List<UnknownField> unknownFields) {
    String unknownFieldsNote() {
      return (unknownFields.size() == 1 ? "The config field " : "The config fields ")
          + unknownFields.stream().map(UnknownField::describe).collect(Collectors.joining(", "))
          + (unknownFields.size() == 1 ? " is" : " are") + " not known to this connector and ignored.";
    }
  }

  /** Reads the config file, registers its secrets with the scrubber and warns of unknown (likely misspelt) fields. */
  private RawConfig readConfig(ConnectorSpec spec, Path file) {
    JsonNode raw = InputFile.readJson(file, "config");
    scrubber.register(spec.secretValues(raw));
    if (!raw.isObject()) {
      throw new ConfigErrorException("The config file '" + file + "' must hold a JSON object.");
    }
    List<UnknownField> unknown = spec.unknownFields(raw);
    for (UnknownField field : unknown) {
      LOG.warn("The config field {} is not known to this connector and is ignored.", field.describe());
    }
    return new RawConfig(raw, unknown);
  }

  /**
   * Validates the config against the spec (every problem at once) and hands it to the connector's parser, with enum
   * values spelt as the spec spells them whatever their letter case.
   */
  private static <C> C parseConfig(Connector<C> connector, ConnectorSpec spec, JsonNode raw) {
    JsonNode canonical = spec.canonical(raw);
    List<String> problems = spec.validate(canonical);
    if (!problems.isEmpty()) {
      throw ConfigReader.invalid(problems);
    }
    ConfigReader reader = ConfigReader.of(canonical);
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
        counts = new MessagePump(configured, warnings).pump(new Utf8Lines(stdin, writer::inputDrained), writer);
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

  /** A command of the other role (read on a destination, write on a source) is a usage error. */
  private static void requireRole(Connector<?> connector, Command command) {
    boolean runs = switch (command) {
      case SPEC, CHECK -> true;
      case DISCOVER, READ -> connector instanceof Source;
      case WRITE -> connector instanceof Destination;
    };
    if (!runs) {
      throw CliArguments.UsageException.problem("This connector is a " + (connector instanceof Source ? "source"
          : "destination") + ": it does not run the " + CliArguments.name(command) + " command.");
    }
  }
}
