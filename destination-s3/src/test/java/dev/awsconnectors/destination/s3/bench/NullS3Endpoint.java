package dev.awsconnectors.destination.s3.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal S3 endpoint for benchmarks that stores no data: it answers PutObject, the multipart calls, HeadObject,
 * ListObjectsV2 (paged, in key order) and DeleteObjects, reads and discards every body, and counts the bytes. It
 * keeps the keys of the objects (created, or {@link #seed}ed to stand for a directory of earlier files), so that
 * conditional writes ({@code If-None-Match: *}) get 412 and listings and HeadObject see them: 100,000 keys cost a few
 * MB. It checks no signature. Reading a body at memory speed keeps the endpoint from being the bottleneck.
 */
final class NullS3Endpoint implements AutoCloseable {
  private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  private final HttpServer server;
  private final NavigableSet<String> keys = new ConcurrentSkipListSet<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong objects = new AtomicLong();
  private final AtomicLong uploads = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong firstObjectNanos = new AtomicLong();

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

  long requests() {
    return requests.get();
  }

  /** Adds {@code count} keys {@code prefix + n + suffix}, as if earlier syncs had written them. */
  void seed(String prefix, int count, String suffix) {
    for (int n = 0; n < count; n++) {
      keys.add(prefix + n + suffix);
    }
  }

  /** Forgets every key. */
  void clear() {
    keys.clear();
  }

  /** Starts timing the next object created; see {@link #firstObjectNanos()}. */
  void markFirstObject() {
    firstObjectNanos.set(0);
  }

  /** {@link System#nanoTime()} when the first object after {@link #markFirstObject()} was created, or 0. */
  long firstObjectNanos() {
    return firstObjectNanos.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String method = exchange.getRequestMethod();
    String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
    String path = exchange.getRequestURI().getPath();
    int slash = path.indexOf('/', 1);
    String key = slash < 0 ? "" : path.substring(slash + 1);
    try (InputStream in = exchange.getRequestBody()) {
      byte[] buffer = new byte[1 << 16];
      long n = 0;
      for (int r; (r = in.read(buffer)) > 0;) {
        n += r;
      }
      bytes.addAndGet(n);
    }
    boolean conditional = exchange.getRequestHeaders().containsKey("If-None-Match");
    switch (method) {
      case "PUT" -> {
        if (!query.contains("partNumber")) {
          if (!create(key, conditional)) {
            send(exchange, 412, error("PreconditionFailed"));
            return;
          }
        }
        exchange.getResponseHeaders().add("ETag", "\"0123456789abcdef0123456789abcdef\"");
        send(exchange, 200, "");
      }
      case "POST" -> {
        if (query.contains("uploads")) {
          send(exchange, 200, XML + "<InitiateMultipartUploadResult><Bucket>bench</Bucket><Key>k</Key><UploadId>u"
              + uploads.incrementAndGet() + "</UploadId></InitiateMultipartUploadResult>");
        } else if (query.contains("delete")) {
          send(exchange, 200, XML + "<DeleteResult></DeleteResult>");
        } else if (!create(key, conditional)) {
          send(exchange, 412, error("PreconditionFailed"));
        } else {
          send(exchange, 200, XML + "<CompleteMultipartUploadResult><Bucket>bench</Bucket><Key>k</Key>"
              + "<ETag>\"0123456789abcdef0123456789abcdef-1\"</ETag></CompleteMultipartUploadResult>");
        }
      }
      case "HEAD" -> {
        if (keys.contains(key)) {
          exchange.getResponseHeaders().add("ETag", "\"0123456789abcdef0123456789abcdef\"");
          exchange.getResponseHeaders().add("Content-Length", "0");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        } else {
          send(exchange, 404, null);
        }
      }
      case "GET" -> send(exchange, 200, list(query));
      case "DELETE" -> send(exchange, 204, null);
      default -> send(exchange, 404, null);
    }
  }

  /** Records a new object; false if the key is taken and the request was conditional. */
  private boolean create(String key, boolean conditional) {
    if (!keys.add(key) && conditional) {
      return false;
    }
    objects.incrementAndGet();
    firstObjectNanos.compareAndSet(0, System.nanoTime());
    return true;
  }

  /** One ListObjectsV2 page: keys after the continuation token or start-after, under the prefix, in order. */
  private String list(String rawQuery) {
    Map<String, String> q = new HashMap<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String prefix = q.getOrDefault("prefix", "");
    int max = Integer.parseInt(q.getOrDefault("max-keys", "1000"));
    String after = q.getOrDefault("continuation-token", q.getOrDefault("start-after", ""));
    StringBuilder page = new StringBuilder(XML).append("<ListBucketResult><Name>bench</Name><Prefix>")
        .append(prefix).append("</Prefix><MaxKeys>").append(max).append("</MaxKeys>");
    int count = 0;
    String last = null;
    boolean truncated = false;
    for (String key : keys.tailSet(after.isEmpty() ? prefix : after, after.isEmpty())) {
      if (!key.startsWith(prefix)) {
        break;
      }
      if (count == max) {
        truncated = true;
        break;
      }
      page.append("<Contents><Key>").append(key).append("</Key><Size>1</Size></Contents>");
      last = key;
      count++;
    }
    page.append("<KeyCount>").append(count).append("</KeyCount><IsTruncated>").append(truncated)
        .append("</IsTruncated>");
    if (truncated) {
      page.append("<NextContinuationToken>").append(last).append("</NextContinuationToken>");
    }
    return page.append("</ListBucketResult>").toString();
  }

  private static String error(String code) {
    return XML + "<Error><Code>" + code + "</Code><Message>" + code + "</Message></Error>";
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
