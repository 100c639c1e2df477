package dev.awsconnectors.commons.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsConnectionReaderTest {

  private static AwsConnection read(String json) throws Exception {
    ConfigReader r = ConfigReader.of(ProtocolCodec.readTree(json));
    AwsConnection c = AwsConnectionReader.read(r, AwsFieldNames.STANDARD);
    r.throwIfProblems();
    return c;
  }

  @Test
  void usesTheDefaultChainWithoutKeys() throws Exception {
    AwsConnection c = read("{\"region\":\"eu-west-1\"}");

    assertThat(c.credentials()).isInstanceOf(AwsCredentialsConfig.DefaultChain.class);
    assertThat(c.region()).map(r -> r.id()).contains("eu-west-1");
    assertThat(c.endpoint()).isEmpty();
    assertThat(c.assumeRole()).isEmpty();
  }

  @Test
  void readsTheRetryPolicyOnceForEveryCall() throws Exception {
    assertThat(read("{\"region\":\"eu-west-1\"}").retry()).isEqualTo(RetryPolicy.DEFAULT);
    RetryPolicy p = read("{\"region\":\"eu-west-1\",\"retry_max_attempts\":3,\"retry_max_seconds\":\"45\"}").retry();
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.budget()).hasSeconds(45);
    assertThatThrownBy(() -> read("{\"region\":\"eu-west-1\",\"retry_max_attempts\":0}"))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("retry_max_attempts");
  }

  @Test
  void readsStaticKeysAndARoleWithExternalId() throws Exception {
    AwsConnection c = read("{\"region\":\"us-east-1\",\"access_key_id\":\"AKIA1\",\"secret_access_key\":\"s\","
        + "\"role_arn\":\"arn:aws:iam::123456789012:role/loader\",\"role_external_id\":\"ext-1\"}");

    assertThat(c.credentials()).isInstanceOfSatisfying(AwsCredentialsConfig.StaticKeys.class,
        k -> assertThat(k.accessKeyId()).isEqualTo("AKIA1"));
    assertThat(c.assumeRole()).hasValueSatisfying(r -> {
      assertThat(r.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/loader");
      assertThat(r.externalId().orElseThrow().reveal()).isEqualTo("ext-1");
    });
    assertThat(c.describe()).doesNotContain("ext-1").doesNotContain("\"s\"");
  }

  @Test
  void addsHttpsToAnEndpointWithoutScheme() throws Exception {
    assertThat(read("{\"endpoint\":\"kinesis.us-west-1.amazonaws.com\"}").endpoint())
        .contains(URI.create("https://kinesis.us-west-1.amazonaws.com"));
  }

  @ParameterizedTest
  @CsvSource({"http://127.0.0.1:4566", "http://localhost:9000", "http://[::1]:9000", "https://minio.internal:9000"})
  void acceptsTlsEndpointsAndPlainHttpOnLoopback(String endpoint) throws Exception {
    assertThat(read("{\"endpoint\":\"" + endpoint + "\"}").endpoint()).contains(URI.create(endpoint));
  }

  @Test
  void refusesPlainHttpToAnotherHostUnlessAllowed() throws Exception {
    assertThatThrownBy(() -> read("{\"endpoint\":\"http://minio:9000\"}"))
        .isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("'endpoint' uses plain http")
        .hasMessageContaining("allow_insecure_endpoint");

    assertThat(read("{\"endpoint\":\"http://minio:9000\",\"allow_insecure_endpoint\":true}").endpoint())
        .contains(URI.create("http://minio:9000"));
  }

  @Test
  void reportsEveryAwsProblemTogether() {
    assertThatThrownBy(() -> read("{\"region\":\"Frankfurt\",\"access_key_id\":\"AKIA\",\"endpoint\":\"ftp://x\","
        + "\"role_arn\":\"my-role\"}"))
        .isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("'endpoint' must be an http:// or https:// URL")
        .hasMessageContaining("'region' is not an AWS region code")
        .hasMessageContaining("'secret_access_key' is required when 'access_key_id' is set")
        .hasMessageContaining("'role_arn' is not an IAM role ARN");
  }

  @Test
  void acceptsAnyRegionNameForCustomEndpoints() throws Exception {
    assertThat(read("{\"region\":\"garage\",\"endpoint\":\"https://s3.example.com\"}").region())
        .map(r -> r.id()).contains("garage");
  }

  @Test
  void detectsLoopbackWithoutDns() {
    assertThat(AwsConnectionReader.isLoopback("127.0.0.5")).isTrue();
    assertThat(AwsConnectionReader.isLoopback("LOCALHOST")).isTrue();
    assertThat(AwsConnectionReader.isLoopback("10.0.0.1")).isFalse();
    assertThat(AwsConnectionReader.isLoopback("localhost.example.com")).isFalse();
  }
}
