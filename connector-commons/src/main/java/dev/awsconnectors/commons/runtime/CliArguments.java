package dev.awsconnectors.commons.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The command line: {@code spec | check --config F | discover --config F | read ... | write ...}. A command line that
 * asks for help (none, {@code -h}, {@code --help}) or that the connector cannot run is a {@link UsageException}.
 */
record CliArguments(Command command, Optional<Path> config, Optional<Path> catalog, Optional<Path> state) {

  enum Command { SPEC, CHECK, DISCOVER, READ, WRITE }

  /** The runner prints the usage on stderr and exits with {@link #EXIT_CODE}; an error also names the problem. */
  static final class UsageException extends RuntimeException {
    static final int EXIT_CODE = 2;
    private static final long serialVersionUID = 1L;
    private final boolean error;

    private UsageException(String problem, boolean error) {
      super(problem, null, false, false);
      this.error = error;
    }

    static UsageException problem(String problem) {
      return new UsageException(problem, true);
    }

    static UsageException helpRequested() {
      return new UsageException("Help requested", false);
    }

    /** False when the user asked for the usage (no arguments, --help): nothing went wrong. */
    boolean isError() {
      return error;
    }
  }

  static CliArguments parse(String[] args) {
    if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
      throw UsageException.helpRequested();
    }
    Command command = command(args[0]);
    Path config = null;
    Path catalog = null;
    Path state = null;
    for (int i = 1; i < args.length; i++) {
      String option = args[i];
      if (!option.equals("--config") && !option.equals("--catalog") && !option.equals("--state")) {
        throw UsageException.problem("Unknown argument '" + option + "'.");
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw UsageException.problem("The option " + option + " needs a file path.");
      }
      Path value = Path.of(args[++i]);
      switch (option) {
        case "--config" -> config = value;
        case "--catalog" -> catalog = value;
        default -> state = value;
      }
    }
    boolean needsConfig = command != Command.SPEC;
    boolean needsCatalog = command == Command.READ || command == Command.WRITE;
    if (needsConfig && config == null) {
      throw UsageException.problem("The " + name(command) + " command needs --config <file>.");
    }
    if (needsCatalog && catalog == null) {
      throw UsageException.problem("The " + name(command) + " command needs --catalog <file>.");
    }
    if (state != null && command != Command.READ) {
      throw UsageException.problem("--state is only accepted by the read command.");
    }
    return new CliArguments(command, Optional.ofNullable(config), Optional.ofNullable(catalog),
        Optional.ofNullable(state));
  }

  static String name(Command command) {
    return command.name().toLowerCase(Locale.ROOT);
  }

  private static Command command(String raw) {
    String name = raw.startsWith("--") ? raw.substring(2) : raw;
    for (Command c : Command.values()) {
      if (name(c).equals(name)) {
        return c;
      }
    }
    throw UsageException.problem("Unknown command '" + raw + "'.");
  }
}
