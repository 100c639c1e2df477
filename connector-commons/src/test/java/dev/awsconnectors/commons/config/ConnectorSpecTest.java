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
  void namesTheBadValueOfEnumConstAndRangeErrorsButNeverASecret() throws Exception {
    var problems = spec.validate(ProtocolCodec.readTree("{\"region\":\"x\",\"count\":11,\"fail_with\":\"sometimes\","
        + "\"secret_access_key\":42,\"mode\":{\"kind\":\"b\",\"password\":7,\"codec\":\"LZO\"}}"));

    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("'fail_with'").endsWith("(was 'sometimes')"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("'count'").endsWith("(was '11')"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("'mode.codec'").endsWith("(was 'LZO')"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("'secret_access_key'").doesNotContain("42"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("'mode.password'").doesNotContain("7"));
  }

  @Test
  void spellsEnumValuesAsTheSpecDoesWhateverTheirCase() throws Exception {
    var config = ProtocolCodec.readTree("{\"region\":\"x\",\"count\":1,\"fail_with\":\"CONFIG\","
        + "\"mode\":{\"kind\":\"A\",\"codec\":\"SNAPPY\"}}");

    var canonical = spec.canonical(config);

    assertThat(canonical.path("fail_with").asText()).isEqualTo("config");
    assertThat(canonical.path("mode").path("kind").asText()).isEqualTo("a");
    assertThat(canonical.path("mode").path("codec").asText()).as("the chosen variant's own spelling")
        .isEqualTo("snappy");
    assertThat(spec.validate(canonical)).isEmpty();
    assertThat(config.path("fail_with").asText()).as("the input is not changed").isEqualTo("CONFIG");
    var other = spec.canonical(ProtocolCodec.readTree("{\"mode\":{\"kind\":\"b\",\"codec\":\"snappy\"}}"));
    assertThat(other.path("mode").path("codec").asText()).isEqualTo("SNAPPY");
  }

  @Test
  void leavesValuesThatMatchNothingOrAreAlreadyRightAlone() throws Exception {
    var config = ProtocolCodec.readTree("{\"region\":\"us-east-1\",\"count\":1,\"fail_with\":\"never\","
        + "\"secret_access_key\":\"Config\",\"mode\":{\"kind\":\"b\",\"codec\":\"GZIP\"}}");

    assertThat(spec.canonical(config)).isEqualTo(config);
    assertThat(spec.validate(spec.canonical(config))).anySatisfy(p -> assertThat(p).contains("(was 'never')"));
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
