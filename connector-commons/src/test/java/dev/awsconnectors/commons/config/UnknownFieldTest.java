package dev.awsconnectors.commons.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnknownFieldTest {
  private static final List<String> DECLARED = List.of("s3_endpoint", "s3_bucket_name", "s3_bucket_path", "endpoint",
      "streams", "region", "accessKey", "privateKey", "format", "retry_max_attempts", "retry_max_seconds");

  @ParameterizedTest
  @CsvSource({
      "s3_endpiont, s3_endpoint", "endpiont, endpoint", "stream, streams", "Region, region", "regio, region",
      "s3-bucket-name, s3_bucket_name", "access_key, accessKey", "privatekey, privateKey",
      "retry_max_attempt, retry_max_attempts", "s3_bucket_paht, s3_bucket_path", "fromat, format"})
  void suggestsTheFieldATypoMeant(String typo, String meant) {
    assertThat(UnknownField.of(typo, DECLARED).closest()).contains(meant);
  }

  @ParameterizedTest
  @CsvSource({"colour", "id", "x", "bucket", "compression_codec", "start_position"})
  void suggestsNothingForFieldsThatAreNotLikelyTypos(String name) {
    assertThat(UnknownField.of(name, DECLARED).closest()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"abc, abc, 0", "abc, acb, 1", "endpiont, endpoint, 1", "kitten, sitting, 3", "'', abc, 3",
      "ca, abc, 3"})
  void countsEditsWithAdjacentTranspositionsAsOne(String a, String b, int distance) {
    assertThat(UnknownField.distance(a, b)).isEqualTo(distance);
  }

  @org.junit.jupiter.api.Test
  void describesItselfByNameOnly() {
    assertThat(new UnknownField("endpiont", Optional.of("endpoint")).describe())
        .isEqualTo("'endpiont' (did you mean 'endpoint'?)");
    assertThat(new UnknownField("colour", Optional.empty()).describe()).isEqualTo("'colour'");
  }
}
