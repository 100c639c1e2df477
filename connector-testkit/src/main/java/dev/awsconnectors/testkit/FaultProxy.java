package dev.awsconnectors.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of one emulator (kinesis-mock over plain http, S3Proxy) that injects the
 * faults no emulator produces: throttling and 5xx answers in the service's real error shape, connections dropped
 * before the request is forwarded, and lost answers (the request is executed upstream, then the connection is closed
 * without a response). Give its {@link #endpoint()} to the connector as its {@code endpoint}; every request it does not
 * disturb passes through unchanged (headers byte for byte, so SigV4 signatures stay valid; bodies streamed, whatever
 * their size and framing: Content-Length, chunked, {@code aws-chunked} inside either; keep-alive connections kept).
 *
 * <p>A rule ({@link #inject}) picks requests by {@link Request} (usually by operation: Kinesis {@code X-Amz-Target},
 * S3 method + bucket/key/query, named as in the API reference, e.g. {@code PutRecords}, {@code ListObjectsV2},
 * {@code CompleteMultipartUpload}) and applies its {@link Fault} to the next {@code times} matching requests. Rules are
 * tried in the order they were added; the first one that matches and has faults left applies. Every request is
 * recorded as an {@link Exchange} with what the client got.
 *
 * <pre>{@code
 * @RegisterExtension static final KinesisMockExtension KINESIS = new KinesisMockExtension();
 *
 * @Test
 * void survivesAThrottlingBurstOnItsFirstCall() {
 *   try (FaultProxy proxy = FaultProxy.start(KINESIS.endpoint())) {
 *     FaultProxy.Rule burst = proxy.inject("DescribeStreamSummary", FaultProxy.Fault.kinesisThrottling(), 3);
 *     ObjectNode config = config(stream).put("endpoint", proxy.endpoint().toString());
 *
 *     ConnectorResult result = ConnectorProcess.ofModule("destination-kinesis").write(config, catalog, messages);
 *
 *     assertThat(result.exitCode()).isZero();
 *     assertThat(burst.applied()).isEqualTo(3);
 *     assertThat(proxy.exchanges("DescribeStreamSummary")).extracting(FaultProxy.Exchange::status)
 *         .startsWith(400, 400, 400, 200);
 *   }
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link #start} opens the port and serves until {@link #close()}, which closes every connection. Rules
 * may be added and cancelled at any time from any thread; {@link #exchanges()} is a snapshot. One proxy serves one
 * upstream over plain http; start one per test (it starts in milliseconds).
 */
public final class FaultProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

  private final InetSocketAddress upstream;
  private final ServerSocket server;
  private final URI endpoint;
  private final ExecutorService threads;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile boolean closed;

  private FaultProxy(InetSocketAddress upstream, ServerSocket server) {
    this.upstream = upstream;
    this.server = server;
    this.endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort());
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fault-proxy-" + server.getLocalPort());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts a proxy on a free loopback port in front of {@code upstream} (an {@code http://host:port} URI). */
  public static FaultProxy start(URI upstream) {
    if (!"http".equals(upstream.getScheme()) || upstream.getPort() < 0) {
      throw new IllegalArgumentException("FaultProxy needs a plain http://host:port upstream, got " + upstream);
    }
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      FaultProxy proxy = new FaultProxy(new InetSocketAddress(upstream.getHost(), upstream.getPort()), server);
      proxy.threads.execute(proxy::accept);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open a loopback port for the fault proxy", e);
    }
  }

  /** The URI clients use instead of the upstream's. */
  public URI endpoint() {
    return endpoint;
  }

  /** Applies {@code fault} to the next {@code times} requests that {@code match}. */
  public Rule inject(Predicate<Request> match, Fault fault, int times) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, got " + times);
    }
    Rule rule = new Rule(match, fault, times);
    rules.add(rule);
    return rule;
  }

  /** Applies {@code fault} to the next {@code times} requests of the API operation {@code operation}. */
  public Rule inject(String operation, Fault fault, int times) {
    return inject(operation(operation), fault, times);
  }

  /** Matches requests of any of these API operations (e.g. {@code PutRecords}, {@code PutObject}). */
  public static Predicate<Request> operation(String... names) {
    List<String> wanted = Arrays.asList(names);
    return request -> wanted.contains(request.operation());
  }

  /** Every request received so far, in the order their answers (or faults) were given. */
  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** The requests of one API operation, in order. */
  public List<Exchange> exchanges(String operation) {
    return exchanges.stream().filter(e -> e.request().operation().equals(operation)).toList();
  }

  /** How many client connections were accepted (keep-alive clients use few). */
  public int connectionsAccepted() {
    return connections.get();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("Closing the fault proxy's server socket", e);
    }
    for (Socket socket : openSockets) {
      closeQuietly(socket);
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        openSockets.add(client);
        threads.execute(() -> {
          try {
            new ProxyConnection(client, upstream, this::faultFor, exchanges::add, openSockets).serve();
          } finally {
            openSockets.remove(client);
            closeQuietly(client);
          }
        });
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("Fault proxy stopped accepting connections", e);
        }
        return;
      }
    }
  }

  private Optional<Fault> faultFor(Request request) {
    for (Rule rule : rules) {
      if (rule.take(request)) {
        return Optional.of(rule.fault());
      }
    }
    return Optional.empty();
  }

  static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // Already closed or reset by the peer.
    }
  }

  /**
   * What the proxy knows of a request before forwarding it: enough to choose a fault by.
   *
   * @param service {@code kinesis} (the request carries {@code X-Amz-Target}) or {@code s3}
   * @param operation the API operation, e.g. {@code PutRecords}, {@code HeadObject}, {@code UploadPart}
   * @param method the HTTP method
   * @param target the request target as sent (path and query, percent-encoded)
   * @param bucket the S3 bucket of a path-style request, or "" (Kinesis, ListBuckets)
   * @param key the decoded S3 object key, or ""
   */
  public record Request(String service, String operation, String method, String target, String bucket, String key) {

    static Request of(HttpHead head) {
      String method = head.method();
      String target = head.target();
      Optional<String> amzTarget = head.header("X-Amz-Target");
      if (amzTarget.isPresent()) {
        String t = amzTarget.get();
        return new Request("kinesis", t.substring(t.lastIndexOf('.') + 1), method, target, "", "");
      }
      int q = target.indexOf('?');
      String path = q < 0 ? target : target.substring(0, q);
      Set<String> query = q < 0 ? Set.of() : Arrays.stream(target.substring(q + 1).split("&"))
          .map(p -> p.contains("=") ? p.substring(0, p.indexOf('=')) : p).filter(p -> !p.isEmpty())
          .collect(Collectors.toSet());
      String trimmed = path.startsWith("/") ? path.substring(1) : path;
      int slash = trimmed.indexOf('/');
      String bucket = percentDecode(slash < 0 ? trimmed : trimmed.substring(0, slash));
      String key = slash < 0 ? "" : percentDecode(trimmed.substring(slash + 1));
      boolean copy = head.header("x-amz-copy-source").isPresent();
      return new Request("s3", S3Operations.name(method, bucket, key, query, copy), method, target, bucket, key);
    }

    private static String percentDecode(String s) {
      if (s.indexOf('%') < 0) {
        return s;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '%' && i + 2 < s.length()) {
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
        } else {
          out.write((byte) c);
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * One request and what became of it.
   *
   * @param fault the fault applied, empty if the request was forwarded undisturbed
   * @param status the HTTP status the client received, 0 if it received no answer (dropped or lost)
   * @param executedUpstream whether the request reached the emulator (true for lost answers)
   */
  public record Exchange(Request request, Optional<Fault> fault, int status, boolean executedUpstream) {
    public String operation() {
      return request.operation();
    }
  }

  /** A fault applied to a number of matching requests; counts what it did. */
  public static final class Rule {
    private final Predicate<Request> match;
    private final Fault fault;
    private final AtomicInteger remaining;
    private final AtomicInteger applied = new AtomicInteger();

    private Rule(Predicate<Request> match, Fault fault, int times) {
      this.match = match;
      this.fault = fault;
      this.remaining = new AtomicInteger(times);
    }

    private boolean take(Request request) {
      if (remaining.get() <= 0 || !match.test(request)) {
        return false;
      }
      int left;
      do {
        left = remaining.get();
        if (left <= 0) {
          return false;
        }
      } while (!remaining.compareAndSet(left, left - 1));
      applied.incrementAndGet();
      return true;
    }

    public Fault fault() {
      return fault;
    }

    /** How many requests this rule has disturbed so far. */
    public int applied() {
      return applied.get();
    }

    public int remaining() {
      return remaining.get();
    }

    /** Applies the fault to no further request. */
    public void cancel() {
      remaining.set(0);
    }
  }

  /** What happens to a request a rule picks. */
  public sealed interface Fault permits Fault.ErrorAnswer, Fault.DropConnection, Fault.LoseAnswer {

    /**
     * Answers without forwarding, with the service's error shape: Kinesis a JSON (or CBOR, if the request is CBOR, as
     * the SDK sends by default) object {@code {"__type": code, "message": ...}} with {@code x-amzn-ErrorType}; S3 an
     * XML {@code <Error><Code>}. The connection stays open, as AWS keeps it.
     */
    record ErrorAnswer(ErrorShape shape, int status, String code, String message) implements Fault {}

    /** Closes the connection after reading the request head, before forwarding anything. */
    record DropConnection() implements Fault {}

    /** Forwards the request, reads the whole answer, then closes the connection without answering. */
    record LoseAnswer() implements Fault {}

    /** The two error shapes of the services we emulate. */
    enum ErrorShape { KINESIS_JSON, S3_XML }

    static Fault kinesisError(int status, String type, String message) {
      return new ErrorAnswer(ErrorShape.KINESIS_JSON, status, type, message);
    }

    static Fault s3Error(int status, String code, String message) {
      return new ErrorAnswer(ErrorShape.S3_XML, status, code, message);
    }

    /** Kinesis 400 {@code ProvisionedThroughputExceededException}. */
    static Fault kinesisThrottling() {
      return kinesisError(400, "ProvisionedThroughputExceededException",
          "Rate exceeded for shard shardId-000000000000 in stream under account 000000000000.");
    }

    /** Kinesis 400 {@code LimitExceededException} (control-plane calls beyond their per-second limit). */
    static Fault kinesisLimitExceeded() {
      return kinesisError(400, "LimitExceededException", "Rate exceeded for stream under account 000000000000.");
    }

    /** Kinesis 500 {@code InternalFailure}. */
    static Fault kinesisInternalFailure() {
      return kinesisError(500, "InternalFailure", "Internal service failure.");
    }

    /** Kinesis 503 {@code ServiceUnavailable}. */
    static Fault kinesisServiceUnavailable() {
      return kinesisError(503, "ServiceUnavailable", "Service Unavailable");
    }

    /** S3 503 {@code SlowDown}. */
    static Fault s3SlowDown() {
      return s3Error(503, "SlowDown", "Please reduce your request rate.");
    }

    /** S3 500 {@code InternalError}. */
    static Fault s3InternalError() {
      return s3Error(500, "InternalError", "We encountered an internal error. Please try again.");
    }

    static Fault dropConnection() {
      return new DropConnection();
    }

    static Fault loseAnswer() {
      return new LoseAnswer();
    }
  }
}
