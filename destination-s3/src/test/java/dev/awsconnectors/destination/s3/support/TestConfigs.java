package dev.awsconnectors.destination.s3.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.destination.s3.config.S3Config;
import dev.awsconnectors.destination.s3.config.S3ConfigParser;
import dev.awsconnectors.testkit.S3ProxyExtension;
import java.util.Map;

/** Configurations for tests: raw JSON as a user writes it, and the parsed record. */
public final class TestConfigs {
  private TestConfigs() {}

  public static ObjectNode json(String text) {
    return (ObjectNode) ProtocolCodec.readTreeUnchecked(text);
  }

  /** A configuration for S3Proxy with JSONL without compression, under {@code path}. */
  public static ObjectNode s3proxy(S3ProxyExtension s3, String bucket, String path) {
    ObjectNode config = json("{}");
    config.put("s3_bucket_name", bucket).put("s3_bucket_path", path).put("s3_bucket_region", s3.region())
        .put("s3_endpoint", s3.endpoint().toString()).put("access_key_id", s3.accessKey())
        .put("secret_access_key", s3.secretKey());
    config.set("format", json("{\"format_type\":\"JSONL\",\"compression\":{\"compression_type\":\"No Compression\"}}"));
    return config;
  }

  /** Converts JSON into a protocol record, failing the test on a mismatch. */
  public static <T> T convert(com.fasterxml.jackson.databind.JsonNode json, Class<T> type) {
    try {
      return ProtocolCodec.convert(json, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  public static S3Config parse(ObjectNode json) {
    return parse(json, Map.of());
  }

  public static S3Config parse(ObjectNode json, Map<String, String> env) {
    ConfigReader reader = ConfigReader.of(json);
    S3Config config = new S3ConfigParser(env, 1024L * 1024 * 1024).parse(reader);
    reader.throwIfProblems();
    return config;
  }
}
