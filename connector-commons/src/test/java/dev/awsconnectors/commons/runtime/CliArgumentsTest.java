package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
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
  void rejectsMissingOptionsAndValues() {
    assertThatThrownBy(() -> CliArguments.parse(new String[] {"write", "--config", "c"}))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("needs --catalog");
    assertThatThrownBy(() -> CliArguments.parse(new String[] {"check", "--config"}))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("needs a file path");
    assertThatThrownBy(() -> CliArguments.parse(new String[] {"check", "--config", "c", "--verbose"}))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("Unknown argument '--verbose'");
    assertThatThrownBy(() -> CliArguments.parse(new String[] {"write", "--config", "c", "--catalog", "k",
        "--state", "s"})).isInstanceOf(ConfigErrorException.class);
    assertThatThrownBy(() -> CliArguments.parse(new String[] {}))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("No command");
  }
}
