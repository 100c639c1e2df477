package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.runtime.CliArguments.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliArgumentsTest {

  @Test
  void parsesEveryCommandsOptions() {
    CliArguments read = CliArguments.parse(new String[] {"read", "--config", "c", "--catalog", "k", "--state", "s"});

    assertThat(read.command()).isEqualTo(CliArguments.Command.READ);
    assertThat(read.config()).contains(Path.of("c"));
    assertThat(read.catalog()).contains(Path.of("k"));
    assertThat(read.state()).contains(Path.of("s"));
    assertThat(CliArguments.parse(new String[] {"--spec"}).command()).isEqualTo(CliArguments.Command.SPEC);
  }

  @Test
  void rejectsMissingOptionsAndValuesAsUsageErrors() {
    assertThatThrownBy(() -> CliArguments.parse(new String[] {"write", "--config", "c"}))
        .isInstanceOfSatisfying(UsageException.class, e -> assertThat(e.isError()).isTrue())
        .hasMessageContaining("needs --catalog");
    assertThatThrownBy(() -> CliArguments.parse(new String[] {"check", "--config"}))
        .isInstanceOf(UsageException.class).hasMessageContaining("needs a file path");
    assertThatThrownBy(() -> CliArguments.parse(new String[] {"check", "--config", "c", "--verbose"}))
        .isInstanceOf(UsageException.class).hasMessageContaining("Unknown argument '--verbose'");
    assertThatThrownBy(() -> CliArguments.parse(new String[] {"write", "--config", "c", "--catalog", "k",
        "--state", "s"})).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> CliArguments.parse(new String[] {"sync"})).isInstanceOf(UsageException.class)
        .hasMessage("Unknown command 'sync'.");
  }

  @Test
  void noArgumentsOrHelpAskForTheUsageWithoutAnError() {
    for (String[] args : new String[][] {{}, {"--help"}, {"-h"}, {"check", "--help"}}) {
      assertThatThrownBy(() -> CliArguments.parse(args))
          .isInstanceOfSatisfying(UsageException.class, e -> assertThat(e.isError()).isFalse());
    }
  }
}
