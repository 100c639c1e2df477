package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.destination.s3.storage.ObjectStore.NewObject;
import dev.awsconnectors.destination.s3.support.TestConfigs;
import dev.awsconnectors.testkit.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What S3Proxy (the emulator of the integration tests) supports of the requests the destination relies on. */
class S3ProxyBehaviourIT {
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void conditionalPutDoesNotReplaceAnExistingObject() {
    String bucket = S3.newBucket();
    try (ObjectStore store = S3ObjectStore.open(TestConfigs.parse(TestConfigs.s3proxy(S3, bucket, "p")), 4)) {
      store.put(new NewObject("p/a", "text/plain", Map.of("ab-file-id", "1")), ObjectBody.of(bytes("first")));
      assertThatThrownBy(() -> store.put(new NewObject("p/a", "text/plain", Map.of("ab-file-id", "2")),
          ObjectBody.of(bytes("second")))).isInstanceOf(ObjectExistsException.class);
      assertThat(new String(store.get("p/a"), StandardCharsets.UTF_8)).isEqualTo("first");
    }
  }

  @Test
  void conditionalCompleteDoesNotReplaceAnExistingObject() {
    String bucket = S3.newBucket();
    try (ObjectStore store = S3ObjectStore.open(TestConfigs.parse(TestConfigs.s3proxy(S3, bucket, "p")), 4)) {
      store.put(new NewObject("p/b", "text/plain", Map.of("ab-file-id", "1")), ObjectBody.of(bytes("first")));
      String id = store.startMultipart(new NewObject("p/b", "text/plain", Map.of("ab-file-id", "2")));
      String etag = store.uploadPart("p/b", id, 1, ObjectBody.of(bytes("second")));
      assertThatThrownBy(() -> store.completeMultipart("p/b", id, List.of(new ObjectStore.Part(1, etag))))
          .isInstanceOf(ObjectExistsException.class);
      store.abortMultipart("p/b", id);
      assertThat(new String(store.get("p/b"), StandardCharsets.UTF_8)).isEqualTo("first");
      assertThat(store.metadata("p/b")).contains(Map.of("ab-file-id", "1"));
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
