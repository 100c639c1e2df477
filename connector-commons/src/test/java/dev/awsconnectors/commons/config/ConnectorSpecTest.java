package dev.awsconnectors.commons.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsconnectors.commons.log.LogRouter;
import dev.awsconnectors.commons.protocol.AirbyteLogMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.runtime.FakeConnector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorSpecTest {
  private final ConnectorSpec spec = ConnectorSpec.load(FakeConnector.class);

  @Test
  void acceptsAValidConfig() throws Exception {
    assertThat(spec.validate(ProtocolCodec.readTree("{\"region\":\"us-east-1\",\"count\":3}"))).isEmpty();
  }

  @Test
  void reportsEveryProblemAtOnceNamingTheFields() throws Exception {
    var problems = spec.validate(ProtocolCodec.readTree(
        "{\"count\":11,\"fail_with\":\"sometimes\",\"mode\":{\"kind\":\"b\"}}"));

    assertThat(String.join("\n", problems))
        .contains("'region' is required but missing")
        .contains("'count'")
        .contains("'fail_with'");
    assertThat(problems.size()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void reportsOnlyTheErrorsOfTheOneOfVariantTheConfigChose() throws Exception {
    var problems = spec.validate(ProtocolCodec.readTree("{\"region\":\"x\",\"count\":1,\"mode\":{\"kind\":\"b\"}}"));

    assertThat(problems).containsExactly("'mode.password' is required but missing");
  }

  @Test
  void namesTheAllowedDiscriminatorValuesWhenNoVariantIsChosen() throws Exception {
    var problems = spec.validate(ProtocolCodec.readTree("{\"region\":\"x\",\"count\":1,\"mode\":{\"kind\":\"c\"}}"));

    assertThat(problems).containsExactly("'mode.kind' must be one of [a, b] (was 'c')");
  }

  @Test
  void findsSecretsAtTopLevelInsideOneOfVariantsAndInArrays() throws Exception {
    var secrets = spec.secretValues(ProtocolCodec.readTree("{\"region\":\"us-east-1\",\"secret_access_key\":\"top\","
        + "\"mode\":{\"kind\":\"b\",\"password\":\"nested\"},\"keys\":[\"k1\",\"k2\"]}"));

    assertThat(secrets).containsExactlyInAnyOrder("top", "nested", "k1", "k2");
  }

  @Test
  void treatsAirbyteKeywordsAsSilentAnnotations() throws Exception {
    List<AirbyteLogMessage> logs = new ArrayList<>();
    LogRouter.install(logs::add);
    try {
      ConnectorSpec.load(FakeConnector.class).validate(ProtocolCodec.readTree("{\"region\":\"x\",\"count\":1}"));
    } finally {
      LogRouter.reset();
    }

    assertThat(logs).as("airbyte_secret, order: no 'unknown keyword' warnings").isEmpty();
  }

  @Test
  void findsSecretsEvenWhenTheConfigIsInvalid() throws Exception {
    var secrets = spec.secretValues(ProtocolCodec.readTree("{\"secret_access_key\":\"s3cr3t\",\"count\":\"x\"}"));

    assertThat(secrets).containsExactly("s3cr3t");
  }
}
