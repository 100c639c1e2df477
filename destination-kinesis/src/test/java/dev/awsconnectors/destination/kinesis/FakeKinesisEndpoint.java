package dev.awsconnectors.destination.kinesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.awsconnectors.kinesis.record.HashKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny Kinesis HTTP endpoint on loopback that speaks the JSON protocol (clients must run with
 * {@code -Daws.cborEnabled=false}): one ACTIVE single-shard stream of any name, PutRecords answered at once without
 * storing anything. It is never the bottleneck of a benchmark, unlike kinesis-mock, whose PutRecords slows down as a
 * stream fills. With {@link #rejectingCredentials()} it answers every call as AWS does for an unknown access key.
 */
public final class FakeKinesisEndpoint implements AutoCloseable {
  static final String SHARD_ID = "shardId-000000000000";

  static {
    // Without TCP_NODELAY a small response written after its headers waits for the client's delayed ACK (~40 ms):
    // the endpoint would then be the bottleneck for requests with few entries (KPL aggregates).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }
  private final HttpServer server;
  private final ExecutorService executor;
  private final boolean rejectCredentials;
  private final JsonFactory json = new JsonFactory();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong dataBytes = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong(1_000_000);

  private FakeKinesisEndpoint(boolean rejectCredentials, int threads) throws IOException {
    this.rejectCredentials = rejectCredentials;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    this.executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "fake-kinesis-endpoint");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static FakeKinesisEndpoint start(int threads) throws IOException {
    return new FakeKinesisEndpoint(false, threads);
  }

  public static FakeKinesisEndpoint rejectingCredentials() throws IOException {
    return new FakeKinesisEndpoint(true, 2);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Kinesis records received by PutRecords (an aggregate counts once). */
  public long records() {
    return records.get();
  }

  public long dataBytes() {
    return dataBytes.get();
  }

  public long putRecordsCalls() {
    return calls.get();
  }

  public void reset() {
    records.set(0);
    dataBytes.set(0);
    calls.set(0);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
      if (rejectCredentials) {
        try (InputStream in = exchange.getRequestBody()) {
          in.readAllBytes();
        }
        respond(exchange, 400, "{\"__type\":\"UnrecognizedClientException\",\"message\":\"The security token "
            + "included in the request is invalid.\"}");
        return;
      }
      switch (operation) {
        case "PutRecords" -> respond(exchange, 200, putRecords(exchange.getRequestBody()));
        case "ListStreams" -> {
          exchange.getRequestBody().readAllBytes();
          respond(exchange, 200, "{\"StreamNames\":[\"bench\"],\"HasMoreStreams\":false}");
        }
        case "DescribeStreamSummary" -> {
          String name = streamName(exchange.getRequestBody());
          respond(exchange, 200, "{\"StreamDescriptionSummary\":{\"StreamName\":\"" + name + "\",\"StreamARN\":"
              + "\"arn:aws:kinesis:us-east-1:000000000000:stream/" + name + "\",\"StreamStatus\":\"ACTIVE\","
              + "\"RetentionPeriodHours\":24,\"StreamCreationTimestamp\":1700000000,\"EnhancedMonitoring\":[],"
              + "\"OpenShardCount\":1}}");
        }
        case "ListShards" -> {
          exchange.getRequestBody().readAllBytes();
          respond(exchange, 200, "{\"Shards\":[{\"ShardId\":\"" + SHARD_ID + "\",\"HashKeyRange\":{"
              + "\"StartingHashKey\":\"0\",\"EndingHashKey\":\"" + HashKeys.MAX + "\"},\"SequenceNumberRange\":{"
              + "\"StartingSequenceNumber\":\"1\"}}]}");
        }
        default -> {
          exchange.getRequestBody().readAllBytes();
          respond(exchange, 400, "{\"__type\":\"UnknownOperationException\",\"message\":\"" + operation + "\"}");
        }
      }
    }
  }

  private String streamName(InputStream body) throws IOException {
    try (JsonParser p = json.createParser(body)) {
      String name = "stream";
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && "StreamName".equals(p.currentName())) {
          p.nextToken();
          name = p.getText();
        }
      }
      return name;
    }
  }

  /** Counts the entries and their data bytes (from the base64 length) without decoding or storing them. */
  private String putRecords(InputStream body) throws IOException {
    int entries = 0;
    long bytes = 0;
    try (JsonParser p = json.createParser(body)) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && "Data".equals(p.currentName())) {
          p.nextToken();
          int length = p.getTextLength();
          char[] chars = p.getTextCharacters();
          int end = p.getTextOffset() + length;
          int padding = length > 0 && chars[end - 1] == '=' ? (length > 1 && chars[end - 2] == '=' ? 2 : 1) : 0;
          bytes += (long) length / 4 * 3 - padding;
          entries++;
        }
      }
    }
    calls.incrementAndGet();
    records.addAndGet(entries);
    dataBytes.addAndGet(bytes);
    StringBuilder out = new StringBuilder(64 + entries * 80).append("{\"FailedRecordCount\":0,\"Records\":[");
    long first = sequence.getAndAdd(entries);
    for (int i = 0; i < entries; i++) {
      out.append(i == 0 ? "" : ",").append("{\"SequenceNumber\":\"").append(first + i).append("\",\"ShardId\":\"")
          .append(SHARD_ID).append("\"}");
    }
    return out.append("]}").toString();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
    if (status != 200) {
      String type = body.substring(body.indexOf(":\"") + 2, body.indexOf("\","));
      exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
