package dev.awsconnectors.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.s3.model.CompletedPart;

class EmulatorsIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void kinesisMockStoresAndReturnsRecordsOnLoopback() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("emulator"), 2);
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + (i % 7))
          .data(SdkBytes.fromUtf8String("record-" + i)).build());
    }

    PutRecordsResponse response = KINESIS.client().putRecords(r -> r.streamName(stream).records(entries));
    List<Record> read = KINESIS.readAll(stream);

    assertThat(KINESIS.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(response.failedRecordCount()).isZero();
    assertThat(KINESIS.shards(stream)).hasSize(2);
    assertThat(read).extracting(r -> r.data().asUtf8String()).hasSize(100).doesNotHaveDuplicates();
  }

  @Test
  void kinesisMockListensOnLoopbackOnly() throws Exception {
    Path tcp = Path.of("/proc/net/tcp");
    Assumptions.assumeTrue(Files.isReadable(tcp), "needs Linux's /proc/net/tcp");
    Assumptions.assumeTrue(KINESIS.pid().isPresent(), "needs a kinesis-mock started by the test");
    // Only the emulator's own sockets: another process of a parallel build may listen on the same port number
    // on another address, and /proc/net/tcp lists every process's sockets.
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(KINESIS.pid().getAsLong()), "fd"))) {
      for (Path fd : fds.toList()) {
        String link = Files.readSymbolicLink(fd).toString();
        if (link.startsWith("socket:[")) {
          inodes.add(link.substring("socket:[".length(), link.length() - 1));
        }
      }
    }
    String port = String.format("%04X", KINESIS.endpoint().getPort());
    List<String> listening = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String[] columns = line.trim().split("\\s+");
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode: a listening socket has
        // state 0A; the address is hex, its port after ':'
        if (columns.length > 9 && columns[3].equals("0A") && columns[1].endsWith(":" + port)
            && inodes.contains(columns[9])) {
          listening.add(columns[1].substring(0, columns[1].indexOf(':')));
        }
      }
    }

    assertThat(listening).as("sockets of kinesis-mock listening on port %s", KINESIS.endpoint().getPort())
        .isNotEmpty().allSatisfy(address -> assertThat(address).as("127.0.0.1 or ::ffff:127.0.0.1, not every "
            + "interface").isIn("0100007F", "0000000000000000FFFF00000100007F"));
  }

  @Test
  void s3ProxyAcceptsMultipartUploadsAndEnforcesTheMinimumPartSize() {
    String bucket = S3.newBucket();
    byte[] part = new byte[5 * 1024 * 1024];
    new Random(1).nextBytes(part);
    String upload = S3.client().createMultipartUpload(r -> r.bucket(bucket).key("a/b.bin")).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    for (int n = 1; n <= 2; n++) {
      int number = n;
      byte[] body = n == 1 ? part : "tail".getBytes(StandardCharsets.UTF_8);
      String etag = S3.client().uploadPart(r -> r.bucket(bucket).key("a/b.bin").uploadId(upload).partNumber(number),
          RequestBody.fromBytes(body)).eTag();
      parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    S3.client().completeMultipartUpload(r -> r.bucket(bucket).key("a/b.bin").uploadId(upload)
        .multipartUpload(m -> m.parts(parts)));

    assertThat(S3.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(S3.list(bucket, "a/")).extracting(o -> o.size()).containsExactly(part.length + 4L);
    assertThat(S3.get(bucket, "a/b.bin")).hasSize(part.length + 4);
  }
}
