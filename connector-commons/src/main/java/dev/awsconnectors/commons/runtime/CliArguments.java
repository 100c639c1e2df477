package dev.awsconnectors.commons.runtime;

import dev.awsconnectors.commons.error.ConfigErrorException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The command line: {@code spec | check --config F | discover --config F | read ... | write ...}. */
record CliArguments(Command command, Optional<Path> config, Optional<Path> catalog, Optional<Path> state) {

  enum Command { SPEC, CHECK, DISCOVER, READ, WRITE }

  static final String USAGE = "Usage: spec | check --config <file> | discover --config <file>"
      + " | read --config <file> --catalog <file> [--state <file>] | write --config <file> --catalog <file>";

  static CliArguments parse(String[] args) {
    if (args.length == 0) {
      throw new ConfigErrorException("No command given. " + USAGE);
    }
    Command command = command(args[0]);
    Path config = null;
    Path catalog = null;
    Path state = null;
    for (int i = 1; i < args.length; i++) {
      String option = args[i];
      if (!option.equals("--config") && !option.equals("--catalog") && !option.equals("--state")) {
        throw new ConfigErrorException("Unknown argument '" + option + "'. " + USAGE);
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new ConfigErrorException("The option " + option + " needs a file path. " + USAGE);
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
      throw new ConfigErrorException("The " + name(command) + " command needs --config <file>. " + USAGE);
    }
    if (needsCatalog && catalog == null) {
      throw new ConfigErrorException("The " + name(command) + " command needs --catalog <file>. " + USAGE);
    }
    if (state != null && command != Command.READ) {
      throw new ConfigErrorException("--state is only accepted by the read command. " + USAGE);
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
    throw new ConfigErrorException("Unknown command '" + raw + "'. " + USAGE);
  }
}
