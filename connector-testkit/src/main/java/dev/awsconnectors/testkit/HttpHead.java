package dev.awsconnectors.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The start line and header fields of one HTTP/1.1 message, kept in their original order and spelling so that a
 * forwarded request still matches its SigV4 signature. Also decides how the body that follows is delimited
 * (RFC 9112 section 6.3).
 */
record HttpHead(String startLine, List<Header> headers) {
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  record Header(String name, String value) {}

  /** How a message body ends on the wire. */
  sealed interface Framing {
    record None() implements Framing {}

    record Fixed(long length) implements Framing {}

    record Chunked() implements Framing {}

    /** A response without length: the body ends when the server closes the connection. */
    record UntilClose() implements Framing {}
  }

  /**
   * Reads one head; {@code null} if the stream ends cleanly before its first byte (the peer closed an idle
   * keep-alive connection).
   */
  static HttpHead read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        if (bytes.size() == 0) {
          return null;
        }
        throw new EOFException("Connection closed inside an HTTP head after " + bytes.size() + " bytes");
      }
      bytes.write(b);
      matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
      if (bytes.size() > MAX_HEAD_BYTES) {
        throw new IOException("HTTP head longer than " + MAX_HEAD_BYTES + " bytes");
      }
    }
    String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    List<Header> headers = new ArrayList<>(lines.length);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new IOException("Malformed HTTP header line: " + lines[i]);
      }
      headers.add(new Header(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()));
    }
    return new HttpHead(lines[0], List.copyOf(headers));
  }

  /** The first value of a header, by case-insensitive name. */
  Optional<String> header(String name) {
    return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
  }

  boolean hasToken(String name, String token) {
    return headers.stream().filter(h -> h.name().equalsIgnoreCase(name))
        .flatMap(h -> List.of(h.value().split(",")).stream())
        .anyMatch(v -> v.trim().equalsIgnoreCase(token));
  }

  /** Request line parts: method, request target, version. */
  String method() {
    return startLine.substring(0, startLine.indexOf(' '));
  }

  String target() {
    String[] parts = startLine.split(" ");
    return parts.length > 1 ? parts[1] : "";
  }

  /** The status code of a response head. */
  int status() {
    String[] parts = startLine.split(" ");
    return Integer.parseInt(parts[1]);
  }

  boolean keepAlive() {
    return !hasToken("Connection", "close") && !startLine.contains("HTTP/1.0");
  }

  Framing requestFraming() {
    if (hasToken("Transfer-Encoding", "chunked")) {
      return new Framing.Chunked();
    }
    return header("Content-Length").map(v -> (Framing) new Framing.Fixed(Long.parseLong(v.trim())))
        .orElse(new Framing.None());
  }

  Framing responseFraming(String requestMethod) {
    int status = status();
    if (requestMethod.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
      return new Framing.None();
    }
    if (hasToken("Transfer-Encoding", "chunked")) {
      return new Framing.Chunked();
    }
    return header("Content-Length").map(v -> (Framing) new Framing.Fixed(Long.parseLong(v.trim())))
        .orElse(new Framing.UntilClose());
  }

  /** This head without the headers named in {@code names} (case-insensitive). */
  HttpHead without(String... names) {
    List<String> lower = List.of(names).stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    return new HttpHead(startLine, headers.stream()
        .filter(h -> !lower.contains(h.name().toLowerCase(Locale.ROOT))).toList());
  }

  void writeTo(OutputStream out) throws IOException {
    StringBuilder text = new StringBuilder(startLine.length() + headers.size() * 40).append(startLine).append("\r\n");
    for (Header h : headers) {
      text.append(h.name()).append(": ").append(h.value()).append("\r\n");
    }
    out.write(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Copies one body delimited by {@code framing} from {@code in} to {@code out} (to nowhere if {@code out} is null)
   * through a fixed buffer, so bodies of any size pass without being held whole. Chunked bodies are copied as they
   * are, chunk headers and trailers included.
   *
   * @return the number of bytes copied
   */
  static long copyBody(Framing framing, InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    if (framing instanceof Framing.Fixed fixed) {
      return copyExactly(fixed.length(), in, out, buffer);
    } else if (framing instanceof Framing.Chunked) {
      return copyChunked(in, out, buffer);
    } else if (framing instanceof Framing.UntilClose) {
      return copyToEnd(in, out, buffer);
    }
    return 0;
  }

  private static long copyChunked(InputStream in, OutputStream out, byte[] buffer) throws IOException {
    long total = 0;
    while (true) {
      String sizeLine = copyLine(in, out);
      String hex = sizeLine.contains(";") ? sizeLine.substring(0, sizeLine.indexOf(';')) : sizeLine;
      long size = Long.parseLong(hex.trim(), 16);
      if (size == 0) {
        while (!copyLine(in, out).isEmpty()) {
          // trailer fields, up to the empty line that ends the body
        }
        return total;
      }
      total += copyExactly(size, in, out, buffer);
      if (!copyLine(in, out).isEmpty()) {
        throw new IOException("Chunk data not followed by CRLF");
      }
    }
  }

  /** Copies one CRLF-terminated line and returns it without the CRLF. */
  private static String copyLine(InputStream in, OutputStream out) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("Connection closed inside a chunked body");
      }
      if (line.length() > 8192) {
        throw new IOException("Chunk header line too long");
      }
      line.append((char) b);
    }
    if (out != null) {
      out.write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    return line.toString().endsWith("\r") ? line.substring(0, line.length() - 1) : line.toString();
  }

  private static long copyExactly(long length, InputStream in, OutputStream out, byte[] buffer) throws IOException {
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("Connection closed with " + left + " of " + length + " body bytes missing");
      }
      if (out != null) {
        out.write(buffer, 0, n);
      }
      left -= n;
    }
    return length;
  }

  private static long copyToEnd(InputStream in, OutputStream out, byte[] buffer) throws IOException {
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (out != null) {
        out.write(buffer, 0, n);
      }
      total += n;
    }
    return total;
  }
}
