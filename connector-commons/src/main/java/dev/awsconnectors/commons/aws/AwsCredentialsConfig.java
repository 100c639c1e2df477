package dev.awsconnectors.commons.aws;

import dev.awsconnectors.commons.config.Secret;
import java.util.Optional;

/** Where the base credentials come from: static keys, or the SDK's default provider chain. */
public sealed interface AwsCredentialsConfig {

  String describe();

  /** An access key and its secret, with an optional session token for temporary credentials. */
  record StaticKeys(String accessKeyId, Secret secretAccessKey, Optional<Secret> sessionToken)
      implements AwsCredentialsConfig {
    @Override
    public String describe() {
      return "static access key" + (sessionToken.isPresent() ? " with session token" : "");
    }

    @Override
    public String toString() {
      return "StaticKeys[" + describe() + "]";
    }
  }

  /** Environment, system properties, web identity, profile, container and instance profile, in the SDK's order. */
  record DefaultChain() implements AwsCredentialsConfig {
    @Override
    public String describe() {
      return "default provider chain";
    }
  }
}
