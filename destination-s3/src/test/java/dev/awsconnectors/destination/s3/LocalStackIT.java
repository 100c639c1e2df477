package dev.awsconnectors.destination.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.destination.s3.check.ConnectionCheck;
import dev.awsconnectors.destination.s3.storage.S3ObjectStore;
import dev.awsconnectors.destination.s3.support.FileReaders;
import dev.awsconnectors.destination.s3.support.InProcessSync;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.format.FileFormats;
import dev.awsconnectors.testkit.LocalStackSupport;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The same check and write against LocalStack's S3 where Docker exists; skipped cleanly elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIT {
  @Container
  static final LocalStackContainer LOCALSTACK = LocalStackSupport.container();

  private static ObjectNode config(String bucket) {
    ObjectNode config = TestConfigs.json("{}");
    config.put("s3_bucket_name", bucket).put("s3_bucket_path", "ls").put("s3_bucket_region", LOCALSTACK.getRegion())
        .put("s3_endpoint", LOCALSTACK.getEndpoint().toString()).put("access_key_id", LOCALSTACK.getAccessKey())
        .put("secret_access_key", LOCALSTACK.getSecretKey()).put("allow_insecure_endpoint", true);
    config.set("format", TestConfigs.json("{\"format_type\":\"Parquet\",\"compression_codec\":\"SNAPPY\"}"));
    return config;
  }

  private static S3Client client() {
    return S3Client.builder().endpointOverride(LOCALSTACK.getEndpoint()).forcePathStyle(true)
        .region(Region.of(LOCALSTACK.getRegion())).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()))).build();
  }

  @Test
  void checksAndWritesParquetToLocalStack() throws Exception {
    try (S3Client s3 = client()) {
      s3.createBucket(r -> r.bucket("localstack-it"));
      ObjectNode config = config("localstack-it");
      AirbyteConnectionStatus status = new ConnectionCheck(c -> S3ObjectStore.open(c, 4), FileFormats::factory,
          Clock.systemUTC()).run(TestConfigs.parse(config));
      assertThat(status.status()).as(status.message()).isEqualTo(AirbyteConnectionStatus.Status.SUCCEEDED);
      InProcessSync sync = new InProcessSync(config, List.of(InProcessSync.stream(null, "s",
          ProtocolCodec.readTreeUnchecked("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}"),
          "append", null, null)));
      for (int i = 0; i < 100; i++) {
        sync.record(null, "s", ProtocolCodec.readTreeUnchecked("{\"id\":" + i + "}"));
      }
      sync.finish();
      var objects = s3.listObjectsV2(r -> r.bucket("localstack-it").prefix("ls/s/")).contents();
      assertThat(objects).hasSize(1);
      byte[] bytes = s3.getObjectAsBytes(r -> r.bucket("localstack-it").key(objects.get(0).key())).asByteArray();
      assertThat(FileReaders.read(".parquet", bytes)).hasSize(100);
    }
  }
}
