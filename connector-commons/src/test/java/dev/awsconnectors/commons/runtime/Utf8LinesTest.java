package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8LinesTest {

  private static List<String> lines(byte[] input) throws IOException {
    Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(input));
    List<String> out = new ArrayList<>();
    String line;
    while ((line = lines.next()) != null) {
      out.add(line);
      assertThat(lines.number()).isEqualTo(out.size());
    }
    return out;
  }

  private static List<String> lines(String text) throws IOException {
    return lines(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsLikeBufferedReaderAtLineFeedsCarriageReturnsAndBoth() throws IOException {
    assertThat(lines("a\nb\r\nc\rd")).containsExactly("a", "b", "c", "d");
    assertThat(lines("\n\nx\n")).containsExactly("", "", "x");
    assertThat(lines("x\r\n\r\n")).containsExactly("x", "");
    assertThat(lines("")).isEmpty();
  }

  @Test
  void decodesEveryCharacterLengthAndKeepsU2028AndReplacementCharactersThatWereSent() throws IOException {
    String text = "é 日本 😀 \u2028 \uFFFD end";

    assertThat(lines(text + "\n" + text)).containsExactly(text, text);
  }

  @Test
  void runsTheHookBeforeEachReadOnceEveryCompleteLineWasReturned() throws IOException {
    List<String> events = new ArrayList<>();
    List<String> chunks = new ArrayList<>(List.of("one\ntw", "o\nthree\n"));
    Utf8Lines lines = new Utf8Lines(new InputStream() {
      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (chunks.isEmpty()) {
          events.add("end");
          return -1;
        }
        byte[] chunk = chunks.remove(0).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(chunk, 0, b, off, chunk.length);
        events.add("read");
        return chunk.length;
      }
    }, () -> events.add("drained"));

    for (String line; (line = lines.next()) != null;) {
      events.add(line);
    }
    // "tw" is read but not complete when the second read starts: the hook runs before that read all the same.
    assertThat(events).containsExactly("drained", "read", "one", "drained", "read", "two", "three", "drained", "end");
  }

  @Test
  void readsLinesLongerThanTheBufferAndTerminatorsSplitAcrossReads() throws IOException {
    String longLine = "😀é".repeat(40_000);
    String filler = "x".repeat((1 << 16) - 1);
    // A reader that returns one byte at a time splits every sequence and every \r\n across reads.
    byte[] input = (longLine + "\r\n" + filler + "\r\n" + "tail").getBytes(StandardCharsets.UTF_8);
    Utf8Lines slow = new Utf8Lines(new InputStream() {
      private int next;

      @Override
      public int read() {
        return next < input.length ? input[next++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (next >= input.length) {
          return -1;
        }
        b[off] = input[next++];
        return 1;
      }
    });

    assertThat(lines(input)).containsExactly(longLine, filler, "tail");
    assertThat(slow.next()).isEqualTo(longLine);
    assertThat(slow.next()).isEqualTo(filler);
    assertThat(slow.next()).isEqualTo("tail");
    assertThat(slow.next()).isNull();
    assertThat(slow.number()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "80", "BF", "C0AF", "C1BF", "C3", "C328", "E080AF", "E09F80", "EDA080", "EDBFBF", "E282", "F08F8080",
      "F4908080", "F5808080", "FF", "F0908028"})
  void refusesWhatJavasStrictDecoderRefuses(String hex) throws IOException {
    byte[] bad = HexFormat.of().parseHex(hex);
    byte[] input = concat("ok line\n{\"a\":\"".getBytes(StandardCharsets.UTF_8), bad, "\"}\nnever read\n"
        .getBytes(StandardCharsets.UTF_8));
    Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(input));

    assertThat(lines.next()).isEqualTo("ok line");
    assertThatThrownBy(lines::next).isInstanceOf(Utf8Lines.MalformedLineException.class)
        .hasMessageStartingWith("line 2 is not valid UTF-8: byte 7 of the line (0x" + hex.substring(0, 2) + ")");
    assertThat(strictlyDecodable(bad)).isFalse();
  }

  @Test
  void agreesWithJavasStrictDecoderOnRandomBytes() {
    Random random = new Random(42);
    for (int n = 0; n < 50_000; n++) {
      byte[] bytes = new byte[1 + random.nextInt(6)];
      for (int i = 0; i < bytes.length; i++) {
        // Mostly bytes near the interesting boundaries.
        bytes[i] = (byte) (random.nextBoolean() ? random.nextInt(256) : 0x7F + random.nextInt(0x50) * 2);
      }
      assertThat(Utf8Lines.firstInvalid(bytes, 0, bytes.length) == -1).as(HexFormat.of().formatHex(bytes))
          .isEqualTo(strictlyDecodable(bytes));
    }
  }

  @Test
  void agreesWithJavasStrictDecoderOnLongMostlyAsciiTextAtEveryAlignment() {
    Random random = new Random(7);
    for (int n = 0; n < 20_000; n++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (random.nextInt(30) == 0 ? 0x80 + random.nextInt(0x80) : 0x20 + random.nextInt(0x5F));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      byte[] slice = java.util.Arrays.copyOfRange(bytes, from, bytes.length);
      int invalid = Utf8Lines.firstInvalid(bytes, from, bytes.length);
      assertThat(invalid == -1).as(HexFormat.of().formatHex(slice)).isEqualTo(strictlyDecodable(slice));
      if (invalid != -1) {
        assertThat(strictlyDecodable(java.util.Arrays.copyOfRange(bytes, from, invalid))).isTrue();
      }
    }
  }

  @Test
  void findsLineEndsAtEveryAlignment() {
    Random random = new Random(11);
    for (int n = 0; n < 20_000; n++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        int pick = random.nextInt(40);
        bytes[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? '\r' : pick == 2 ? 0x8A : pick == 3 ? 0x0B : 'a' + pick);
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int expected = from;
      while (expected < bytes.length && bytes[expected] != '\n' && bytes[expected] != '\r') {
        expected++;
      }
      assertThat(Utf8Lines.lineEnd(bytes, from, bytes.length)).as(HexFormat.of().formatHex(bytes) + " from " + from)
          .isEqualTo(expected);
    }
  }

  @Test
  void findsAValidLineEndInOnePassExactlyWhereLineEndAndFirstInvalidWouldAtEveryAlignment() {
    Random random = new Random(13);
    byte[][] pieces = {{'\n'}, {'\r'}, {'\r', '\n'}, {0x09}, {0x0D - 1}, {0x0E}, {0x7F}, {'"'},
        "é".getBytes(StandardCharsets.UTF_8), "日".getBytes(StandardCharsets.UTF_8),
        "😀".getBytes(StandardCharsets.UTF_8), {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
    for (int n = 0; n < 30_000; n++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int parts = random.nextInt(12);
      for (int p = 0; p < parts; p++) {
        if (random.nextInt(3) == 0) {
          out.writeBytes(pieces[random.nextInt(pieces.length)]);
        } else {
          out.writeBytes("abcdefghijklmnopq".substring(random.nextInt(17)).getBytes(StandardCharsets.UTF_8));
        }
      }
      byte[] bytes = out.toByteArray();
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int to = from + random.nextInt(bytes.length - from + 1);
      int end = Utf8Lines.lineEnd(bytes, from, to);
      int expected = end == to || Utf8Lines.firstInvalid(bytes, from, end) != -1 ? -1 : end;
      assertThat(Utf8Lines.validLineEnd(bytes, from, to))
          .as(HexFormat.of().formatHex(bytes) + " from " + from + " to " + to).isEqualTo(expected);
    }
  }

  @Test
  void readsMultibyteLinesAndLinesThatCrossTheBufferEndWhereverTheyAreCut() throws IOException {
    String text = "{\"a\":\"é日😀\tend\"}";
    // A character, a \r\n or a plain byte at every position around the 64 KiB end of the first read.
    for (int shift = 0; shift < 12; shift++) {
      String first = "x".repeat((1 << 16) - 6 + shift);
      assertThat(lines(first + "é日😀" + "\r\n" + text + "\r" + text + "\n" + "\r\n"))
          .containsExactly(first + "é日😀", text, text, "");
      assertThat(lines(first + "\r\n" + text + "\n")).containsExactly(first, text);
    }
  }

  @Test
  void namesTheFirstInvalidByteOfALineInTheBufferAfterValidMultibyteLines() throws IOException {
    byte[] input = concat("é\r\n日本\n😀\r".getBytes(StandardCharsets.UTF_8), "abcdefghij ok ".getBytes(
        StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, '\n', 'z', '\n'});
    Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(input));

    assertThat(lines.next()).isEqualTo("é");
    assertThat(lines.next()).isEqualTo("日本");
    assertThat(lines.next()).isEqualTo("😀");
    assertThatThrownBy(lines::next).hasMessage(
        "line 4 is not valid UTF-8: byte 15 of the line (0xC3) begins no valid character");
    assertThat(lines.number()).isEqualTo(4);
  }

  @Test
  void namesAnInvalidByteOfALineThatCrossesTheBufferEnd() throws IOException {
    for (int shift = 0; shift < 4; shift++) {
      byte[] head = "y".repeat((1 << 16) - 2 + shift).getBytes(StandardCharsets.UTF_8);
      byte[] input = concat("a\n".getBytes(StandardCharsets.UTF_8), head, new byte[] {(byte) 0xE2, (byte) 0x28,
          '\n'});
      Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(input));

      assertThat(lines.next()).isEqualTo("a");
      assertThatThrownBy(lines::next).hasMessage("line 2 is not valid UTF-8: byte " + (head.length + 1)
          + " of the line (0xE2) begins no valid character");
    }
  }

  @Test
  void givesEachLineAsBytesOfTheBuffer() throws IOException {
    Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream("ab\r\né\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(lines.advance()).isTrue();
    assertThat(new String(lines.bytes(), lines.start(), lines.length(), StandardCharsets.UTF_8)).isEqualTo("ab");
    assertThat(lines.advance()).isTrue();
    assertThat(lines.length()).isEqualTo(2);
    assertThat(lines.text()).isEqualTo("é");
    assertThat(lines.advance()).isFalse();
    assertThat(lines.number()).isEqualTo(2);
  }

  @Test
  void namesTheMalformedLineEvenWhenItSpansReads() throws IOException {
    byte[] input = concat("a\n".getBytes(StandardCharsets.UTF_8), "é".repeat(50_000).getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xE2, (byte) 0x82, '\n'});
    Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(input));

    assertThat(lines.next()).isEqualTo("a");
    assertThatThrownBy(lines::next).hasMessage(
        "line 2 is not valid UTF-8: byte 100001 of the line (0xE2) begins no valid character");
    assertThat(lines.number()).isEqualTo(2);
  }

  private static boolean strictlyDecodable(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
