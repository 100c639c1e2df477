package dev.awsconnectors.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.awsconnectors.testkit.FaultProxy.Exchange;
import dev.awsconnectors.testkit.FaultProxy.Fault;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

@Timeout(120)
class FaultProxyIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void kinesisThrottlingBurstThenPassesAndIsLogged() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("proxy"), 1);
    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint());
        KinesisClient kinesis = kinesis(proxy.endpoint(), retrying())) {
      FaultProxy.Rule burst = proxy.inject("PutRecords", Fault.kinesisThrottling(), 2);

      kinesis.putRecords(r -> r.streamName(stream).records(entries(10)));

      assertThat(burst.applied()).isEqualTo(2);
      assertThat(burst.remaining()).isZero();
      assertThat(proxy.exchanges("PutRecords")).extracting(Exchange::status).containsExactly(400, 400, 200);
      assertThat(proxy.exchanges("PutRecords")).extracting(Exchange::executedUpstream)
          .containsExactly(false, false, true);
      assertThat(KINESIS.readAll(stream)).hasSize(10);
    }
  }

  @Test
  void kinesisFaultsCarryTheServiceErrorShapes() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint());
        KinesisClient kinesis = kinesis(proxy.endpoint(), AwsRetryStrategy.doNotRetry())) {
      proxy.inject("ListStreams", Fault.kinesisThrottling(), 1);
      proxy.inject("ListStreams", Fault.kinesisLimitExceeded(), 1);
      proxy.inject("ListStreams", Fault.kinesisInternalFailure(), 1);
      proxy.inject("ListStreams", Fault.kinesisServiceUnavailable(), 1);

      assertThatThrownBy(kinesis::listStreams).isInstanceOf(ProvisionedThroughputExceededException.class)
          .satisfies(e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(400))
          .hasMessageContaining("Rate exceeded");
      assertThatThrownBy(kinesis::listStreams).isInstanceOf(LimitExceededException.class);
      assertThatThrownBy(kinesis::listStreams).isInstanceOfSatisfying(AwsServiceException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
      });
      assertThatThrownBy(kinesis::listStreams).isInstanceOfSatisfying(AwsServiceException.class, e -> {
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
      });
      assertThat(kinesis.listStreams().streamNames()).isNotNull();

      // A JSON request (CBOR off) gets the JSON body the issue quotes.
      proxy.inject("ListStreams", Fault.kinesisThrottling(), 1);
      HttpResponse<String> raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
          HttpRequest.newBuilder(proxy.endpoint()).header("X-Amz-Target", "Kinesis_20131202.ListStreams")
              .header("Content-Type", "application/x-amz-json-1.1")
              .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(raw.statusCode()).isEqualTo(400);
      assertThat(raw.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
      assertThat(raw.body()).startsWith("{\"__type\":\"ProvisionedThroughputExceededException\",\"message\":\"Rate");
    }
  }

  @Test
  void kinesisLostAnswerWasExecutedUpstream() {
    String stream = KINESIS.createStream(KinesisMockExtension.newStreamName("proxy"), 1);
    try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint());
        KinesisClient kinesis = kinesis(proxy.endpoint(), retrying())) {
      proxy.inject("PutRecords", Fault.loseAnswer(), 1);

      kinesis.putRecords(r -> r.streamName(stream).records(entries(10)));

      assertThat(proxy.exchanges("PutRecords")).extracting(Exchange::status).containsExactly(0, 200);
      assertThat(proxy.exchanges("PutRecords").get(0).executedUpstream()).isTrue();
      assertThat(KINESIS.readAll(stream)).as("the lost PutRecords was stored, then its retry").hasSize(20);
    }
  }

  @Test
  void s3SlowDownAndInternalErrorCarryTheXmlErrorShape() {
    String bucket = S3.newBucket();
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint());
        S3Client s3 = s3(proxy.endpoint(), AwsRetryStrategy.doNotRetry())) {
      proxy.inject("PutObject", Fault.s3SlowDown(), 1);
      proxy.inject("PutObject", Fault.s3InternalError(), 1);
      proxy.inject("HeadObject", Fault.s3SlowDown(), 1);
      Runnable put = () -> s3.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("body"));

      assertThatThrownBy(put::run).isInstanceOfSatisfying(S3Exception.class, e -> {
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Please reduce your request rate.");
      });
      assertThatThrownBy(put::run).isInstanceOfSatisfying(S3Exception.class, e -> {
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
      });
      put.run();
      assertThatThrownBy(() -> s3.headObject(r -> r.bucket(bucket).key("k")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
      assertThat(s3.headObject(r -> r.bucket(bucket).key("k")).contentLength()).isEqualTo(4);
      assertThat(proxy.exchanges()).extracting(Exchange::operation, Exchange::status).containsExactly(
          tuple("PutObject", 503), tuple("PutObject", 500),
          tuple("PutObject", 200), tuple("HeadObject", 503),
          tuple("HeadObject", 200));
    }
  }

  @Test
  void s3ThrottlingBurstThenPassesWithRetries() {
    String bucket = S3.newBucket();
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint()); S3Client s3 = s3(proxy.endpoint(), retrying())) {
      proxy.inject("PutObject", Fault.s3SlowDown(), 3);

      s3.putObject(r -> r.bucket(bucket).key("a/b"), RequestBody.fromString("hello"));

      assertThat(proxy.exchanges("PutObject")).extracting(Exchange::status).containsExactly(503, 503, 503, 200);
      assertThat(S3.get(bucket, "a/b")).asString(StandardCharsets.UTF_8).isEqualTo("hello");
    }
  }

  @Test
  void droppedConnectionsNeverReachTheUpstream() {
    String bucket = S3.newBucket();
    S3.client().putObject(r -> r.bucket(bucket).key("x/1"), RequestBody.fromString("1"));
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint()); S3Client s3 = s3(proxy.endpoint(), retrying())) {
      proxy.inject("ListObjectsV2", Fault.dropConnection(), 2);

      assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix("x/")).contents()).hasSize(1);

      assertThat(proxy.exchanges("ListObjectsV2")).extracting(Exchange::status).containsExactly(0, 0, 200);
      assertThat(proxy.exchanges("ListObjectsV2")).extracting(Exchange::executedUpstream)
          .containsExactly(false, false, true);
      assertThat(proxy.exchanges("ListObjectsV2").get(0).request().bucket()).isEqualTo(bucket);
    }
  }

  @Test
  void lostCompleteMultipartUploadLeavesTheObjectWritten() throws Exception {
    String bucket = S3.newBucket();
    byte[] part = randomBytes(5 * 1024 * 1024 + 17, 3);
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint());
        S3Client s3 = s3(proxy.endpoint(), AwsRetryStrategy.doNotRetry())) {
      proxy.inject("CompleteMultipartUpload", Fault.loseAnswer(), 1);
      String key = "dir/with space/ü.bin";
      String upload = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
      List<CompletedPart> parts = new ArrayList<>();
      for (int n = 1; n <= 2; n++) {
        int number = n;
        byte[] body = n == 1 ? part : new byte[] {1, 2, 3};
        String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(upload).partNumber(number),
            RequestBody.fromBytes(body)).eTag();
        parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
      }

      assertThatThrownBy(() -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(upload)
          .multipartUpload(m -> m.parts(parts)))).isInstanceOf(SdkClientException.class);

      assertThat(S3.client().headObject(r -> r.bucket(bucket).key(key)).contentLength())
          .isEqualTo(part.length + 3L);
      assertThat(proxy.exchanges()).extracting(Exchange::operation).containsExactly("CreateMultipartUpload",
          "UploadPart", "UploadPart", "CompleteMultipartUpload");
      assertThat(proxy.exchanges()).allSatisfy(e -> assertThat(e.request().key()).isEqualTo(key));
      Exchange lost = proxy.exchanges("CompleteMultipartUpload").get(0);
      assertThat(lost.status()).isZero();
      assertThat(lost.executedUpstream()).isTrue();
      assertThat(lost.fault()).containsInstanceOf(Fault.LoseAnswer.class);
    }
  }

  @Test
  void streamsLargeBodiesOfEveryFramingIntact() throws Exception {
    String bucket = S3.newBucket();
    byte[] known = randomBytes(12 * 1024 * 1024 + 5, 1);
    byte[] unknown = randomBytes(7 * 1024 * 1024 + 3, 2);
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint()); S3Client s3 = s3(proxy.endpoint(), retrying())) {
      // Known length: Content-Length with aws-chunked encoding inside; unknown length: Transfer-Encoding chunked.
      s3.putObject(r -> r.bucket(bucket).key("known"), RequestBody.fromBytes(known));
      s3.putObject(r -> r.bucket(bucket).key("unknown"), RequestBody.fromContentProvider(
          () -> new ByteArrayInputStream(unknown), "application/octet-stream"));

      assertThat(md5(S3.get(bucket, "known"))).isEqualTo(md5(known));
      assertThat(md5(S3.get(bucket, "unknown"))).isEqualTo(md5(unknown));
      assertThat(md5(s3.getObjectAsBytes(r -> r.bucket(bucket).key("known")).asByteArray())).isEqualTo(md5(known));
      assertThat(proxy.exchanges()).extracting(Exchange::status).containsOnly(200);
    }
  }

  @Test
  void keepsClientConnectionsAlive() {
    String bucket = S3.newBucket();
    try (FaultProxy proxy = FaultProxy.start(S3.endpoint()); S3Client s3 = s3(proxy.endpoint(), retrying())) {
      for (int i = 0; i < 30; i++) {
        int n = i;
        s3.putObject(r -> r.bucket(bucket).key("k" + n), RequestBody.fromString("v" + n));
        s3.headObject(r -> r.bucket(bucket).key("k" + n));
      }

      assertThat(proxy.exchanges()).hasSize(60).extracting(Exchange::status).containsOnly(200);
      assertThat(proxy.connectionsAccepted()).isLessThanOrEqualTo(2);
    }
  }

  private static KinesisClient kinesis(URI endpoint, RetryStrategy retries) {
    return KinesisClient.builder().endpointOverride(endpoint).region(KinesisMock.REGION)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KinesisMock.ACCESS_KEY,
            KinesisMock.SECRET_KEY)))
        .httpClient(ApacheHttpClient.builder().build())
        .overrideConfiguration(overrides(retries)).build();
  }

  private static S3Client s3(URI endpoint, RetryStrategy retries) {
    return S3Client.builder().endpointOverride(endpoint).region(S3Emulator.REGION).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Emulator.ACCESS_KEY,
            S3Emulator.SECRET_KEY)))
        .httpClient(ApacheHttpClient.builder().build())
        .overrideConfiguration(overrides(retries)).build();
  }

  private static Consumer<ClientOverrideConfiguration.Builder> overrides(RetryStrategy retries) {
    return o -> o.retryStrategy(retries).apiCallTimeout(Duration.ofSeconds(60));
  }

  /** Five attempts, 10 ms apart: fault tests need retries, not waiting. */
  private static RetryStrategy retrying() {
    BackoffStrategy quick = BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(10));
    return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(5).backoffStrategy(quick)
        .throttlingBackoffStrategy(quick).build();
  }

  private static List<PutRecordsRequestEntry> entries(int count) {
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(PutRecordsRequestEntry.builder().partitionKey("p" + i).data(SdkBytes.fromUtf8String("r" + i))
          .build());
    }
    return entries;
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }
}
