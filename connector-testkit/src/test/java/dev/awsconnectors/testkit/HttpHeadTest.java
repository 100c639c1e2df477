package dev.awsconnectors.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpHeadTest {

  @Test
  void readsHeadersInOrderAndLeavesTheBodyUnread() throws IOException {
    InputStream in = stream("PUT /b/k?partNumber=1&uploadId=u HTTP/1.1\r\nHost: 127.0.0.1:9\r\n"
        + "Content-Length: 3\r\nx-amz-Date: 1\r\n\r\nabcGET");

    HttpHead head = HttpHead.read(in);

    assertThat(head.method()).isEqualTo("PUT");
    assertThat(head.target()).isEqualTo("/b/k?partNumber=1&uploadId=u");
    assertThat(head.headers()).extracting(HttpHead.Header::name).containsExactly("Host", "Content-Length",
        "x-amz-Date");
    assertThat(head.header("X-AMZ-DATE")).contains("1");
    assertThat(head.requestFraming()).isEqualTo(new HttpHead.Framing.Fixed(3));
    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("abcGET");
  }

  @Test
  void aCleanEndBeforeAHeadIsNoHeadButAnEndInsideOneIsAnError() {
    assertThat(read("")).isNull();
    assertThatThrownBy(() -> HttpHead.read(stream("GET / HTTP/1.1\r\nHost: x\r\n")))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void writesTheHeadBackByteForByteWithoutDroppedHeaders() throws IOException {
    String text = "PUT /b/k HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n";
    HttpHead head = HttpHead.read(stream(text));
    ByteArrayOutputStream same = new ByteArrayOutputStream();
    ByteArrayOutputStream without = new ByteArrayOutputStream();

    head.writeTo(same);
    head.without("expect").writeTo(without);

    assertThat(same.toString(StandardCharsets.ISO_8859_1)).isEqualTo(text);
    assertThat(without.toString(StandardCharsets.ISO_8859_1))
        .isEqualTo("PUT /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
    assertThat(head.hasToken("expect", "100-Continue")).isTrue();
  }

  @Test
  void copiesAChunkedBodyWithExtensionsAndTrailersExactlyAndStopsAtItsEnd() throws IOException {
    String body = "5;chunk-signature=abc\r\nhello\r\n3\r\n, w\r\n0\r\nx-amz-checksum-crc32: AAAA\r\n\r\n";
    InputStream in = stream(body + "NEXT");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    long data = HttpHead.copyBody(new HttpHead.Framing.Chunked(), in, out);

    assertThat(data).isEqualTo(8);
    assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo(body);
    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("NEXT");
  }

  @Test
  void copiesFixedAndCloseDelimitedBodiesAndDetectsTruncation() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(HttpHead.copyBody(new HttpHead.Framing.Fixed(200_000), stream("x".repeat(200_001)), out))
        .isEqualTo(200_000);
    assertThat(out.size()).isEqualTo(200_000);
    assertThat(HttpHead.copyBody(new HttpHead.Framing.UntilClose(), stream("rest"), null)).isEqualTo(4);
    assertThatThrownBy(() -> HttpHead.copyBody(new HttpHead.Framing.Fixed(10), stream("short"), null))
        .isInstanceOf(EOFException.class).hasMessageContaining("5 of 10");
  }

  @Test
  void decidesResponseFramingByMethodStatusAndHeaders() throws IOException {
    assertThat(response("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n").responseFraming("HEAD"))
        .isEqualTo(new HttpHead.Framing.None());
    assertThat(response("HTTP/1.1 204 No Content\r\n\r\n").responseFraming("DELETE"))
        .isEqualTo(new HttpHead.Framing.None());
    assertThat(response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").responseFraming("GET"))
        .isEqualTo(new HttpHead.Framing.Chunked());
    assertThat(response("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n").responseFraming("GET"))
        .isEqualTo(new HttpHead.Framing.Fixed(7));
    assertThat(response("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n").responseFraming("GET"))
        .isEqualTo(new HttpHead.Framing.UntilClose());
    assertThat(response("HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\n\r\n").keepAlive()).isFalse();
    assertThat(response("HTTP/1.0 200 OK\r\n\r\n").keepAlive()).isFalse();
    assertThat(response("HTTP/1.1 200 OK\r\n\r\n").keepAlive()).isTrue();
  }

  @Test
  void namesRequestsAsTheApiReferenceDoes() throws IOException {
    assertThat(request("POST / HTTP/1.1\r\nX-Amz-Target: Kinesis_20131202.PutRecords\r\n\r\n"))
        .isEqualTo(new FaultProxy.Request("kinesis", "PutRecords", "POST", "/", "", ""));
    assertThat(request("GET /bkt?list-type=2&prefix=a%2F HTTP/1.1\r\n\r\n").operation()).isEqualTo("ListObjectsV2");
    assertThat(request("PUT /bkt/a%20b/%C3%BC.bin HTTP/1.1\r\n\r\n"))
        .isEqualTo(new FaultProxy.Request("s3", "PutObject", "PUT", "/bkt/a%20b/%C3%BC.bin", "bkt", "a b/ü.bin"));
    assertThat(request("PUT /bkt/k?partNumber=2&uploadId=x HTTP/1.1\r\n\r\n").operation()).isEqualTo("UploadPart");
    assertThat(request("PUT /bkt/k HTTP/1.1\r\nx-amz-copy-source: o/k\r\n\r\n").operation())
        .isEqualTo("CopyObject");
    assertThat(request("POST /bkt/k?uploads HTTP/1.1\r\n\r\n").operation()).isEqualTo("CreateMultipartUpload");
    assertThat(request("POST /bkt/k?uploadId=x HTTP/1.1\r\n\r\n").operation()).isEqualTo("CompleteMultipartUpload");
    assertThat(request("DELETE /bkt/k?uploadId=x HTTP/1.1\r\n\r\n").operation()).isEqualTo("AbortMultipartUpload");
    assertThat(request("POST /bkt?delete HTTP/1.1\r\n\r\n").operation()).isEqualTo("DeleteObjects");
    assertThat(request("HEAD /bkt/k HTTP/1.1\r\n\r\n").operation()).isEqualTo("HeadObject");
    assertThat(request("HEAD /bkt HTTP/1.1\r\n\r\n").operation()).isEqualTo("HeadBucket");
    assertThat(request("GET /bkt/k HTTP/1.1\r\n\r\n").operation()).isEqualTo("GetObject");
    assertThat(request("GET /bkt/k?uploadId=x HTTP/1.1\r\n\r\n").operation()).isEqualTo("ListParts");
    assertThat(request("DELETE /bkt/k HTTP/1.1\r\n\r\n").operation()).isEqualTo("DeleteObject");
    assertThat(request("PUT /bkt HTTP/1.1\r\n\r\n").operation()).isEqualTo("CreateBucket");
    assertThat(request("GET / HTTP/1.1\r\n\r\n").operation()).isEqualTo("ListBuckets");
  }

  private static FaultProxy.Request request(String head) throws IOException {
    return FaultProxy.Request.of(HttpHead.read(stream(head)));
  }

  private static HttpHead response(String head) throws IOException {
    return HttpHead.read(stream(head));
  }

  private static HttpHead read(String text) {
    try {
      return HttpHead.read(stream(text));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
