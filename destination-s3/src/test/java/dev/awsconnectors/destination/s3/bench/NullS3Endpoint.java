package dev.awsconnectors.destination.s3.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal S3 endpoint for benchmarks that stores nothing: it answers PutObject, the multipart calls, an empty
 * ListObjectsV2 and a missing HeadObject, reads and discards every body, and counts the bytes. It checks no
 * signature. Reading a body at memory speed keeps the endpoint from being the bottleneck.
 */
final class NullS3Endpoint implements AutoCloseable {
  private final HttpServer server;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong objects = new AtomicLong();
  private final AtomicLong uploads = new AtomicLong();

  NullS3Endpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "null-s3");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  long bytes() {
    return bytes.get();
  }

  long objects() {
    return objects.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buffer = new byte[1 << 16];
      long n = 0;
      for (int r; (r = in.read(buffer)) > 0;) {
        n += r;
      }
      bytes.addAndGet(n);
    }
    switch (method) {
      case "PUT" -> {
        if (!query.contains("partNumber")) {
          objects.incrementAndGet();
        }
        exchange.getResponseHeaders().add("ETag", "\"0123456789abcdef0123456789abcdef\"");
        send(exchange, 200, "");
      }
      case "POST" -> {
        if (query.contains("uploads")) {
          send(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><InitiateMultipartUploadResult>"
              + "<Bucket>bench</Bucket><Key>k</Key><UploadId>u" + uploads.incrementAndGet() + "</UploadId>"
              + "</InitiateMultipartUploadResult>");
        } else {
          objects.incrementAndGet();
          send(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUploadResult>"
              + "<Bucket>bench</Bucket><Key>k</Key><ETag>\"0123456789abcdef0123456789abcdef-1\"</ETag>"
              + "</CompleteMultipartUploadResult>");
        }
      }
      case "GET" -> send(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult>"
          + "<Name>bench</Name><Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys>"
          + "<IsTruncated>false</IsTruncated></ListBucketResult>");
      case "DELETE" -> send(exchange, 204, null);
      default -> send(exchange, 404, null);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/xml");
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
