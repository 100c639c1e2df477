package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.ConnectorResult;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A secret passed in the configuration never appears in stdout or stderr, also when the connection fails. */
class SecretsIT {

  @ParameterizedTest
  @EnumSource(Connectors.class)
  @Timeout(60) // with the default retry settings: a check bounds its retries (3 attempts within 15 s)
  void checkAgainstAnUnreachableEndpointFailsWithoutPrintingTheSecret(Connectors connector) {
    ObjectNode config = connector.unreachableConfig();
    config.remove(List.of("retry_max_attempts", "retry_max_seconds"));
    ConnectorResult result = connector.process().withEnv("LOG_LEVEL", "TRACE").check(config);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.connectionStatus().path("status").asText()).isEqualTo("FAILED");
    assertThat(result.connectionStatus().path("message").asText()).isNotBlank();
    assertThat(result.stdout()).doesNotContain(Connectors.SECRET);
    assertThat(result.stderr()).doesNotContain(Connectors.SECRET);
  }

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void failedSyncDoesNotPrintTheSecretEvenAtTraceLogLevel(Connectors connector) {
    ConnectorResult result = connector.process().withEnv("LOG_LEVEL", "TRACE")
        .run(connector.syncCommand(), Map.of("config", connector.unreachableConfig(), "catalog",
            connector.catalog()), connector.destination ? List.of(
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"protocol_test\",\"data\":{\"id\":1},\"emitted_at\":1}}")
            .iterator() : Collections.emptyIterator());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.errors()).isNotEmpty();
    assertThat(result.stdout()).doesNotContain(Connectors.SECRET);
    assertThat(result.stderr()).doesNotContain(Connectors.SECRET);
  }
}
