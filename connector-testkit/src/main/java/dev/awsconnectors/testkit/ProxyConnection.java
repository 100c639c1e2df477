package dev.awsconnectors.testkit;

import dev.awsconnectors.testkit.FaultProxy.Exchange;
import dev.awsconnectors.testkit.FaultProxy.Fault;
import dev.awsconnectors.testkit.FaultProxy.Request;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of a {@link FaultProxy}: reads requests one after another (keep-alive), asks for a fault,
 * and answers, forwards, drops or forwards-then-drops each. Owns its upstream connection, reused between requests of
 * this client unless it has been idle long enough for the server to close it. Runs on its own thread until either
 * side closes.
 */
final class ProxyConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyConnection.class);
  /** Servers close idle keep-alive connections (Node after 5 s, Jetty after 30 s); reconnect well before that. */
  private static final long UPSTREAM_IDLE_LIMIT_NANOS = 1_000_000_000L;
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int READ_TIMEOUT_MILLIS = 10 * 60_000;
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final Socket client;
  private final InetSocketAddress upstreamAddress;
  private final Function<Request, Optional<Fault>> faults;
  private final Consumer<Exchange> log;
  private final Set<Socket> openSockets;
  private Socket upstream;
  private InputStream upstreamIn;
  private OutputStream upstreamOut;
  private long upstreamIdleSince;

  ProxyConnection(Socket client, InetSocketAddress upstreamAddress, Function<Request, Optional<Fault>> faults,
      Consumer<Exchange> log, Set<Socket> openSockets) {
    this.client = client;
    this.upstreamAddress = upstreamAddress;
    this.faults = faults;
    this.log = log;
    this.openSockets = openSockets;
  }

  void serve() {
    try {
      client.setSoTimeout(READ_TIMEOUT_MILLIS);
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
      OutputStream out = new BufferedOutputStream(client.getOutputStream(), 64 * 1024);
      boolean open = true;
      while (open) {
        HttpHead head = HttpHead.read(in);
        if (head == null) {
          return;
        }
        open = exchange(head, in, out);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Fault proxy connection ended: {}", e.toString());
    } finally {
      closeUpstream();
    }
  }

  /** Handles one request; returns whether the client connection stays open for the next. */
  private boolean exchange(HttpHead head, InputStream in, OutputStream out) throws IOException {
    Request request = Request.of(head);
    Optional<Fault> fault = faults.apply(request);
    boolean expectsContinue = head.hasToken("Expect", "100-continue");
    if (fault.isPresent() && fault.get() instanceof Fault.DropConnection) {
      log.accept(new Exchange(request, fault, 0, false));
      return false;
    }
    if (fault.isPresent() && fault.get() instanceof Fault.ErrorAnswer answer) {
      // A client waiting for 100 Continue sends no body after a final answer; otherwise the body must be read
      // to keep the connection in step.
      boolean keepOpen = !expectsContinue && head.keepAlive();
      if (!expectsContinue) {
        HttpHead.copyBody(head.requestFraming(), in, null);
      }
      // Logged before the client can have its answer: a test that got it finds the exchange recorded.
      log.accept(new Exchange(request, fault, answer.status(), false));
      writeErrorAnswer(answer, request, head, keepOpen, out);
      return keepOpen;
    }
    connectUpstreamIfNeeded();
    if (expectsContinue) {
      out.write(CONTINUE);
      out.flush();
    }
    // Expect is not signed by SigV4; the proxy has answered it, the upstream must not wait for the body twice.
    head.without("Expect").writeTo(upstreamOut);
    HttpHead.copyBody(head.requestFraming(), in, upstreamOut);
    upstreamOut.flush();
    HttpHead response = HttpHead.read(upstreamIn);
    while (response != null && response.status() / 100 == 1) {
      response = HttpHead.read(upstreamIn);
    }
    if (response == null) {
      throw new IOException("The upstream closed the connection without answering " + request.operation());
    }
    HttpHead.Framing framing = response.responseFraming(request.method());
    boolean lost = fault.isPresent() && fault.get() instanceof Fault.LoseAnswer;
    if (lost) {
      HttpHead.copyBody(framing, upstreamIn, null);
      log.accept(new Exchange(request, fault, 0, true));
      return false;
    }
    response.writeTo(out);
    HttpHead.copyBody(framing, upstreamIn, out);
    log.accept(new Exchange(request, fault, response.status(), true)); // before the flush that completes the answer
    out.flush();
    boolean upstreamOpen = response.keepAlive() && !(framing instanceof HttpHead.Framing.UntilClose);
    if (upstreamOpen) {
      upstreamIdleSince = System.nanoTime();
    } else {
      closeUpstream();
    }
    // The client sees the upstream's Connection header; a close-delimited answer can only end with the connection.
    return head.keepAlive() && upstreamOpen;
  }

  private void connectUpstreamIfNeeded() throws IOException {
    if (upstream != null && System.nanoTime() - upstreamIdleSince < UPSTREAM_IDLE_LIMIT_NANOS) {
      return;
    }
    closeUpstream();
    Socket socket = new Socket();
    openSockets.add(socket);
    socket.connect(upstreamAddress, CONNECT_TIMEOUT_MILLIS);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    upstream = socket;
    upstreamIn = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    upstreamOut = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  private void closeUpstream() {
    if (upstream != null) {
      openSockets.remove(upstream);
      FaultProxy.closeQuietly(upstream);
      upstream = null;
    }
  }

  private static void writeErrorAnswer(Fault.ErrorAnswer answer, Request request, HttpHead requestHead,
      boolean keepOpen, OutputStream out) throws IOException {
    String requestId = UUID.randomUUID().toString();
    List<HttpHead.Header> headers = new ArrayList<>();
    byte[] body;
    if (answer.shape() == Fault.ErrorShape.KINESIS_JSON) {
      boolean cbor = requestHead.header("Content-Type").orElse("").contains("cbor");
      body = cbor ? cborObject(answer.code(), answer.message()) : jsonObject(answer.code(), answer.message());
      headers.add(new HttpHead.Header("Content-Type", cbor ? "application/x-amz-cbor-1.1"
          : "application/x-amz-json-1.1"));
      headers.add(new HttpHead.Header("x-amzn-RequestId", requestId));
      headers.add(new HttpHead.Header("x-amzn-ErrorType", answer.code() + ":"));
    } else {
      body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + answer.code() + "</Code><Message>"
          + answer.message() + "</Message><RequestId>" + requestId.substring(0, 16) + "</RequestId><HostId>"
          + requestId + "</HostId></Error>").getBytes(StandardCharsets.UTF_8);
      headers.add(new HttpHead.Header("Content-Type", "application/xml"));
      headers.add(new HttpHead.Header("x-amz-request-id", requestId.substring(0, 16)));
      headers.add(new HttpHead.Header("x-amz-id-2", requestId));
    }
    // A HEAD answer has no body; S3 sends only the status for a failed HeadObject.
    boolean head = request.method().equals("HEAD");
    headers.add(new HttpHead.Header("Content-Length", head ? "0" : Integer.toString(body.length)));
    if (!keepOpen) {
      headers.add(new HttpHead.Header("Connection", "close"));
    }
    new HttpHead("HTTP/1.1 " + answer.status() + " " + reason(answer.status()), headers).writeTo(out);
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }

  private static byte[] jsonObject(String type, String message) {
    return ("{\"__type\":\"" + jsonEscaped(type) + "\",\"message\":\"" + jsonEscaped(message) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String jsonEscaped(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** The same two-field object in CBOR (RFC 8949): a map of two text strings to text strings. */
  private static byte[] cborObject(String type, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xA2);
    for (String text : new String[] {"__type", type, "message", message}) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (bytes.length < 24) {
        out.write(0x60 | bytes.length);
      } else if (bytes.length < 256) {
        out.write(0x78);
        out.write(bytes.length);
      } else {
        out.write(0x79);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
      }
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }
}
