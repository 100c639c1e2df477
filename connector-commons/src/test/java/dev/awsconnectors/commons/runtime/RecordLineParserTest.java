package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.protocol.UnknownValueListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RecordLineParserTest {
  private final List<String> unknownValues = new ArrayList<>();
  private final RecordLineParser parser = new RecordLineParser((field, value) -> unknownValues.add(field + "="
      + value));

  /** Parses {@code line} placed in the middle of a larger array, as lines sit in the read buffer. */
  private IncomingRecord parse(String line) {
    byte[] text = line.getBytes(StandardCharsets.UTF_8);
    byte[] buffer = new byte[text.length + 20];
    java.util.Arrays.fill(buffer, (byte) '}');
    System.arraycopy(text, 0, buffer, 7, text.length);
    return parser.parse(buffer, 7, text.length);
  }

  /** What the general path reads from the line. */
  private static AirbyteRecordMessage general(String line) throws Exception {
    AirbyteMessage message = ProtocolCodec.parseMessage(line);
    return message.record();
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1},\"emitted_at\":5}}",
      "{\"record\":{\"namespace\":\"n\",\"emitted_at\":1700000000123,\"stream\":\"s\",\"data\":{}},"
          + "\"type\":\"RECORD\"}",
      "{\"type\":\"RECORD\",\"record\":{\"namespace\":null,\"stream\":\"s\",\"data\":{\"a\":[1,2.50,-0,1E5,"
          + "123456789012345678901234567890],\"b\":{\"c\":null,\"d\":true}},\"emitted_at\":null,\"meta\":null}}",
      " { \"type\" : \"RECORD\" ,\t\"record\" : { \"stream\" : \"s\" , \"data\" : { \"a b\" : [ 1 , \"x  y\" ] ,"
          + " \"c\":\"\\\" \\\\ \\u00e9 \\n\" } } } ",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"日本\",\"data\":{\"é\":\"😀 \u2028\"},\"emitted_at\":1}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1},\"meta\":{\"changes\":[{\"field\":\"a\","
          + "\"change\":\"NULLED\",\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}],\"extra\":{\"x\":1}}}}"})
  void readsPlainRecordLinesAsTheGeneralPathDoesWithTheDataAsCompactBytes(String line) throws Exception {
    IncomingRecord fast = parse(line);
    AirbyteRecordMessage expected = general(line);

    assertThat(fast).as("taken by the fast path").isNotNull();
    assertThat(fast.stream()).isEqualTo(expected.stream());
    assertThat(fast.namespace()).isEqualTo(expected.namespace());
    assertThat(fast.emittedAt()).isEqualTo(expected.emittedAt());
    assertThat(fast.meta()).isEqualTo(expected.meta());
    assertThat(fast.data()).isEqualTo(expected.data());
    JsonNode reparsed = ProtocolCodec.readTree(utf8(fast.dataBytes()));
    assertThat(reparsed).isEqualTo(expected.data());
    assertThat(fast.message().data()).isEqualTo(expected.data());
  }

  /**
   * Tricky lines of the plain shape: escapes, unicode, numbers beyond double and long, nesting, whitespace, member
   * order, namespace null or absent, meta with values and members this version does not know.
   */
  private static final List<String> PLAIN_CORPUS = List.of(
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1e400,\"b\":-0,\"c\":-0.0,\"d\":1E-400,"
          + "\"e\":123456789012345678901234567890.12345678901234567890,\"f\":-9223372036854775809,\"g\":0.1,"
          + "\"h\":1.500,\"i\":-1e+10,\"j\":9223372036854775807}}}",
      "{\"type\":\"RECORD\",\"record\":{\"namespace\":null,\"stream\":\"s\",\"data\":{\"\\u0000\":\"\\ud83d\\ude00\","
          + "\"\\/\":\"\\b\\f\\n\\r\\t\\\"\\\\\",\"k\\u00e9y\":\"\\u2028\\u2029\"},\"emitted_at\":0}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"\\u65e5\\u672c\",\"namespace\":\"sch\\u00e9ma\",\"data\":{\"日本"
          + "\":\"😀 é\",\"x\":\"\u007f\"},\"emitted_at\":-5}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":{\"b\":{\"c\":[[[{\"d\":[]}]],{}]}},"
          + "\"e\":[null,true,false,\"\",{\"\":\"\"}]}}}",
      "\t{ \"record\" :\n{\"data\" :\r{ \"a\" :\t[ 1 ,\t2 ] , \"b\" : { } } , \"emitted_at\" : 17 ,"
          + " \"stream\" : \"s\" } ,"
          + " \"type\" : \"RECORD\" }  ",
      "{\"record\":{\"meta\":{\"changes\":[]},\"data\":{},\"stream\":\"s\"},\"type\":\"RECORD\"}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1},\"meta\":{\"changes\":[{\"field\":\"a\","
          + "\"change\":\"HASHED\",\"reason\":\"PLATFORM_QUOTA\",\"detail\":{\"x\":[1,2]}},{\"field\":\"b\","
          + "\"change\":\"NULLED\",\"reason\":\"SOURCE_SERIALIZATION_ERROR\"}],\"future\":{\"y\":1.0}}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1},\"meta\":{}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"dup\":1,\"dup\":2}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"long\":\"" + "é😀\\\" ".repeat(3000) + "\"}}}");

  /** Lines of other shapes: the fast path must leave them to the general path (or give the same record). */
  private static final List<String> OTHER_CORPUS = List.of(
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1" + "0".repeat(1_200) + "}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1." + "5".repeat(1_200) + "}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":" + "{\"a\":".repeat(1_200) + "1"
          + "}".repeat(1_200) + "}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":01}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":-922337E2036854775809}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1.5e-2147483648},\"meta\":{}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":NaN}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":\"tab\there\"}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{'a':1}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1,}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1}},\"extra\":{\"z\":[1]}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"emitted_at\":1.7E12}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"emitted_at\":\"17\"}}",
      "{\"type\":\"record\",\"record\":{\"stream\":\"s\",\"data\":{}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"file_reference\":"
          + "{\"staging_file_url\":\"x\"}}}");

  private static final String SIMPLE = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"%s\",\"data\":%s,"
      + "\"emitted_at\":1700000000000}}";

  private static IncomingRecord general(String line, UnknownValueListener listener) throws Exception {
    return IncomingRecord.of(ProtocolCodec.messageReader(listener).<AirbyteMessage>readValue(line).record());
  }

  @Test
  void theFastPathGivesWhatTheGeneralPathGivesOnTrickyLines() throws Exception {
    for (String line : PLAIN_CORPUS) {
      unknownValues.clear();
      IncomingRecord fast = parse(line);
      List<String> fastUnknown = List.copyOf(unknownValues);
      List<String> generalUnknown = new ArrayList<>();
      IncomingRecord expected = general(line, (field, value) -> generalUnknown.add(field + "=" + value));

      assertThat(fast).as("taken by the fast path: %s", line).isNotNull();
      assertSameRecord(fast, expected, line);
      assertThat(fastUnknown).as(line).isEqualTo(generalUnknown);
      // The bytes are the data as the source wrote it (escapes and number spellings kept), less the whitespace
      // outside strings.
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      assertThat(utf8(RecordLineParser.compact(bytes, 0, bytes.length))).as(line)
          .contains("\"data\":" + utf8(fast.dataBytes()));
    }
  }

  @Test
  void theScannerTakesThePlainLinesWithoutMetaOrEscapedNamesAndGivesWhatTheGeneralPathGives() throws Exception {
    RecordLineScanner scanner = new RecordLineScanner();
    for (int k : new int[] {0, 1, 3, 4, 8, 9}) {
      String line = PLAIN_CORPUS.get(k);
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      IncomingRecord scanned = scanner.scan(bytes, 0, bytes.length);
      assertThat(scanned).as("taken by the scanner: %s", line).isNotNull();
      assertSameRecord(scanned, general(line, UnknownValueListener.NONE), line);
      assertThat(scanned.dataBytes()).as(line).isEqualTo(parse(line).dataBytes());
    }
    for (String line : List.of(PLAIN_CORPUS.get(2), PLAIN_CORPUS.get(6))) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      assertThat(scanner.scan(bytes, 0, bytes.length)).as("left to the streaming parser: %s", line).isNull();
    }
  }

  /**
   * Lines of the corpora with random edits (bytes of JSON's alphabet inserted, deleted or replaced): whatever the
   * scanner or the streaming parser takes, the general path reads the same; whatever the general path refuses, they
   * leave to it.
   */
  @Test
  void mutatedLinesAreTakenOnlyIfTheGeneralPathReadsThemTheSame() throws Exception {
    Random random = new Random(13);
    String alphabet = "{}[]\",:0123456789eE.+- \t\\/untrfalsRECOD";
    List<String> seeds = new ArrayList<>(PLAIN_CORPUS.subList(0, 9));
    seeds.add(String.format(SIMPLE, "s", "{\"id\":12,\"name\":\"user 12\",\"v\":[1.5e3,true,null]}"));
    RecordLineScanner scanner = new RecordLineScanner();
    int taken = 0;
    for (int n = 0; n < 2_000; n++) {
      StringBuilder line = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(line.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> line.insert(at, c);
          case 1 -> line.deleteCharAt(at);
          default -> line.setCharAt(at, c);
        }
      }
      // An edit that split a surrogate pair leaves '?' in the bytes: the text is what the runner decodes from them.
      byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
      String text = new String(bytes, StandardCharsets.UTF_8);
      IncomingRecord scanned = scanner.scan(bytes, 0, bytes.length);
      if (scanned != null) {
        taken++;
      }
      assertReadAsTheGeneralPathReadsIt(text, scanned, parse(text));
    }
    assertThat(taken).as("lines the scanner took").isGreaterThan(75);
  }

  @Test
  void linesOfOtherShapesReadAsTheGeneralPathReadsThem() throws Exception {
    RecordLineScanner scanner = new RecordLineScanner();
    for (String line : OTHER_CORPUS) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      assertReadAsTheGeneralPathReadsIt(line, parse(line), scanner.scan(bytes, 0, bytes.length));
    }
  }

  /** Each result of a fast path is null or what the general path reads; null wherever the general path refuses. */
  private static void assertReadAsTheGeneralPathReadsIt(String line, IncomingRecord... fast) {
    IncomingRecord expected;
    try {
      expected = general(line, UnknownValueListener.NONE);
    } catch (Exception e) {
      for (IncomingRecord r : fast) {
        assertThat(r).as("refused by the general path, so left to it: %s", line).isNull();
      }
      return;
    }
    for (IncomingRecord r : fast) {
      if (r != null) {
        assertSameRecord(r, expected, line);
      }
    }
  }

  private static void assertSameRecord(IncomingRecord fast, IncomingRecord expected, String line) {
    assertThat(fast.stream()).as(line).isEqualTo(expected.stream());
    assertThat(fast.namespace()).as(line).isEqualTo(expected.namespace());
    assertThat(fast.streamDescriptor()).as(line).isEqualTo(expected.streamDescriptor());
    assertThat(fast.emittedAt()).as(line).isEqualTo(expected.emittedAt());
    assertThat(fast.meta()).as(line).isEqualTo(expected.meta());
    assertThat(fast.data()).as(line).isEqualTo(expected.data());
    assertThat(fast.message()).as(line).isEqualTo(expected.message());
    JsonNode fastMessage = ProtocolCodec.toTree(fast.message());
    assertThat(fastMessage).as(line).isEqualTo(ProtocolCodec.toTree(expected.message()));
  }

  @Test
  void theRecordsOfAStreamShareOneDescriptorInterleavedOrNotAndEveryOtherStreamGetsItsOwn() {
    String line = "{\"type\":\"RECORD\",\"record\":{%s\"stream\":\"%s\",\"data\":{},\"emitted_at\":1}}";
    StreamDescriptor first = parse(line.formatted("\"namespace\":\"n\",", "users")).streamDescriptor();
    StreamDescriptor again = parse(line.formatted("\"namespace\":\"n\",", "users")).streamDescriptor();
    StreamDescriptor otherNamespace = parse(line.formatted("\"namespace\":\"m\",", "users")).streamDescriptor();
    StreamDescriptor noNamespace = parse(line.formatted("", "users")).streamDescriptor();
    StreamDescriptor otherName = parse(line.formatted("", "orders")).streamDescriptor();

    assertThat(again).isSameAs(first).isEqualTo(new StreamDescriptor("users", "n"));
    assertThat(otherNamespace).isEqualTo(new StreamDescriptor("users", "m"));
    assertThat(noNamespace).isEqualTo(new StreamDescriptor("users", null));
    assertThat(otherName).isEqualTo(new StreamDescriptor("orders", null));
    assertThat(parse(line.formatted("\"namespace\":\"n\",", "users")).streamDescriptor())
        .as("after other streams").isSameAs(first);
  }

  @Test
  void keepsTheDataAsTheSourceWroteItWithoutInsignificantWhitespace() {
    IncomingRecord r = parse("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\": { \"a b\" : [ 1.50 , "
        + "\"x  y\" , 1E5 ] , \"c\" : \"\\\" \\\\\\\" \\u00e9\" , \"d\":\"é\" } }}");

    assertThat(utf8(r.dataBytes())).isEqualTo("{\"a b\":[1.50,\"x  y\",1E5],\"c\":\"\\\" \\\\\\\" \\u00e9\","
        + "\"d\":\"é\"}");
  }

  @Test
  void unknownEnumValuesInMetaAreReportedAndKept() {
    IncomingRecord r = parse("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"meta\":{\"changes\":["
        + "{\"field\":\"a\",\"change\":\"HASHED\",\"reason\":\"PLATFORM_QUOTA\"}]}}}");

    assertThat(r).isNotNull();
    assertThat(ProtocolCodec.serialize(r.meta())).contains("\"change\":\"HASHED\"", "\"reason\":\"PLATFORM_QUOTA\"");
    assertThat(unknownValues).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "   ",
      "{\"type\":\"STATE\",\"state\":{\"type\":\"LEGACY\",\"data\":{}}}",
      "{\"type\":\"RECORD\"}",
      "{\"record\":{\"stream\":\"s\",\"data\":{}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{}},\"log\":null}",
      "{\"type\":\"RECORD\",\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"file_reference\":null}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"extra\":1}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1},\"data\":{\"a\":2}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"stream\":\"t\",\"data\":{}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":[1]}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":\"{}\"}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":null}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":null,\"data\":{}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":5,\"data\":{}}}",
      "{\"type\":\"RECORD\",\"record\":{\"namespace\":5,\"stream\":\"s\",\"data\":{}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"emitted_at\":1.7E12}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"emitted_at\":99999999999999999999}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"emitted_at\":\"5\"}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"meta\":[]}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{}}} {\"type\":\"LOG\"}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{}}} x",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":}}}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1}",
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":tru}}}"})
  void leavesEveryOtherLineToTheGeneralPath(String line) {
    assertThat(parse(line)).isNull();
  }

  @Test
  void compactKeepsStringsAndDropsOnlyWhitespaceOutsideThem() {
    byte[] text = "{ \"a\\\"\\\\ \" :\t[ \"\\\\\" , \" \" ]\n}".getBytes(StandardCharsets.UTF_8);

    assertThat(utf8(RecordLineParser.compact(text, 0, text.length))).isEqualTo("{\"a\\\"\\\\ \":[\"\\\\\",\" \"]}");
    byte[] compact = "{\"a\":\"x y\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(RecordLineParser.compact(compact, 0, compact.length)).isEqualTo(compact).isNotSameAs(compact);
  }
}
