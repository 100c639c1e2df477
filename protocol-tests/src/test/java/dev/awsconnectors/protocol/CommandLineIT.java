package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.testkit.ConnectorResult;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every jar run by hand the wrong way: without arguments or with {@code --help} it prints its usage on stderr (the
 * commands it runs and their options) and exits 2, with nothing on stdout and no stack trace; a command it does not
 * run does the same after naming it, and tells the platform in a config_error TRACE.
 */
class CommandLineIT {

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void printsTheUsageWithoutArgumentsOrWithHelp(Connectors connector) {
    for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("-h"))) {
      ConnectorResult result = connector.process().run(args, Map.of(), Collections.emptyIterator());

      assertThat(result.exitCode()).as(args + "\n" + result).isEqualTo(2);
      assertThat(result.messages()).as(args + ": nothing on stdout").isEmpty();
      assertThat(result.stderr()).as(args.toString())
          .startsWith("Usage: java -jar " + connector.module + ".jar <command> [options]")
          .contains("  spec ", "  check    --config <file>", "--config <file> ", "-h, --help", "Documentation: https://")
          .contains(connector.destination ? "  write    --config <file> --catalog <file>" : "  read     --config")
          .doesNotContain(connector.destination ? "  read " : "  write ")
          .doesNotContain("Exception", "\tat ");
    }
  }

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void namesAnUnknownCommandOrOneOfTheOtherRoleWithTheUsage(Connectors connector) {
    String otherRole = connector.destination ? "read" : "write";
    for (String command : List.of("sync", otherRole)) {
      ConnectorResult result = connector.process().run(List.of(command, "--config", "c.json", "--catalog", "k.json"),
          Map.of(), Collections.emptyIterator());

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.stderr()).contains("Usage: java -jar " + connector.module + ".jar").doesNotContain("\tat ");
      assertThat(result.errors()).hasSize(1);
      assertThat(result.errors().get(0).path("failure_type").asText()).isEqualTo("config_error");
      assertThat(result.errors().get(0).path("message").asText())
          .contains(command.equals("sync") ? "Unknown command 'sync'." : "does not run the " + command + " command");
    }
  }
}
