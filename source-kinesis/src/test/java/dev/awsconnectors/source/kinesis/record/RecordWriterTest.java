package dev.awsconnectors.source.kinesis.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.kinesis.record.KplDeaggregator;
import dev.awsconnectors.kinesis.record.UserRecord;
import dev.awsconnectors.source.kinesis.KplRecords;
import dev.awsconnectors.source.kinesis.config.RecordLayout;
import dev.awsconnectors.source.kinesis.schema.SchemaConformance;
import dev.awsconnectors.source.kinesis.schema.SchemaDrift;
import dev.awsconnectors.source.kinesis.schema.SchemaInference;
import dev.awsconnectors.source.kinesis.shard.KinesisRecord;
import dev.awsconnectors.testkit.Messages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming writer against the reference: for every payload, layout, parsing choice and declared schema, the
 * bytes a {@link RecordWriter} writes are the bytes of the mapper's tree serialized by the protocol codec, the
 * records are flagged alike, and schema drift is counted alike, record by record.
 */
class RecordWriterTest {
  private static final String SEQ = "49590338271490256608559692538361571095921575989136588898";
  private static final Instant ARRIVAL = Instant.parse("2024-05-01T12:34:56.789Z");

  /** Payloads chosen to reach every branch: number spellings, text, structure, and what is not one JSON object. */
  static List<byte[]> corpus() {
    List<String> texts = new ArrayList<>(List.of(
        "{}", " \t\r\n{\"a\":1}\n ", "{\"a\":{}, \"b\":[], \"c\":[[]], \"d\":[{}]}",
        // integers: zero, signs, 32 / 64 bit edges, beyond 64 bits
        "{\"i\":[0,-0,1,-1,2147483647,2147483648,-2147483648,-2147483649,9223372036854775807,9223372036854775808,"
            + "-9223372036854775808,-9223372036854775809,123456789012345678901234567890,-10000000000000000000000]}",
        // decimals: trailing zeros, zeros, small values, exponents of every spelling, beyond double
        "{\"d\":[0.0,-0.0,0.00,-0.00,1.50,-1.50,100.000,0.5,-0.5,0.000001,-0.000001,0.0000001,-0.0000001,"
            + "0.00000000,-0.00000000,0.000000,1.0,12345678901234567890.123456789,0.1234567890123456789]}",
        "{\"e\":[1e3,1E3,1e+3,1E+3,1e-3,1E-3,-1e3,1.0e-7,-0e0,0e5,0E-5,2.5E-3,1.7976931348623157e309,4.9e-324,"
            + "1e400,1e-400,123.456e10,0.0e0,10e0]}",
        // strings: non-ASCII, supplementary characters raw and escaped, every escape, controls, separators
        "{\"s\":\"zoë ✓ Кириллица 漢字 😀 \\ud83d\\ude00 \\u00e9 \\/ \\\" \\\\ \\b \\f \\n \\r \\t \\u0000 "
            + "\\u001f \\u007f \\u2028 \\u2029 \u007f\"}",
        "{\"zoë ✓\":1,\"a\\nb\":2,\"\\u0041\":3,\"\":4,\"😀\":{\"\\\"q\\\"\":[\"x\"]}}",
        "{\"lone\":\"\\ud800\"}", "{\"lone\":\"\\udc00x\"}", "{\"pair\":\"a\\ud83d\\ude00b\"}",
        "{\"t\":true,\"f\":false,\"n\":null,\"at\":\"2024-05-01T10:00:00Z\",\"day\":\"2024-05-01\","
            + "\"bad\":\"2024-02-30\",\"time\":\"10:00:00\"}",
        // nesting and arrays
        "{\"o\":{\"p\":{\"q\":{\"r\":[1,[2,[3,{\"s\":[]}]]]}}},\"arr\":[1,\"two\",3.0,null,true,{\"x\":1}]}",
        "{\"deep\":" + "[".repeat(500) + "]".repeat(500) + "}",
        // names that meet the metadata: renamed in the flattened layout, kept under data when nested
        "{\"_kinesis_shard_id\":\"x\",\"_kinesis_payload_y\":2,\"_kinesis\":3,\"shard_id\":4,\"data\":5,"
            + "\"data_base64\":6,\"nested\":{\"_kinesis_shard_id\":7}}",
        // duplicate names (a tree keeps the last value), at the top and inside
        "{\"a\":1,\"b\":2,\"a\":3}", "{\"o\":{\"k\":1,\"k\":[2]}}", "{\"_kinesis_a\":1,\"_kinesis_a\":2}",
        // not one JSON object
        "[1,2]", "\"text\"", "12", "null", "true", "hello", "", " ", "{\"a\":1}{\"b\":2}", "{\"a\":1} x",
        "{\"a\":", "{\"a\":1,}", "{'a':1}", "{\"a\":01}", "{\"a\":+1}", "{\"a\":NaN}", "{\"a\":.5}",
        "{\"a\":\"raw\ncontrol\"}", "{\"a\":1}\u000b", "\u000b{\"a\":1}", "\u001c{\"a\":1}",
        "{\"deep\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
        "{\"long\":1" + "0".repeat(1_200) + "}"));
    List<byte[]> out = new ArrayList<>();
    texts.forEach(t -> out.add(t.getBytes(StandardCharsets.UTF_8)));
    out.add(new byte[] {(byte) 0xFF, (byte) 0xFE});
    out.add(bytes("{\"a\":\"", new byte[] {(byte) 0xFF}, "\"}"));
    out.add(bytes("{\"a\":\"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}")); // overlong '/'
    out.add(bytes("{\"a\":\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}")); // an encoded surrogate
    out.add(bytes("{\"a\":\"", new byte[] {(byte) 0xE2, (byte) 0x82}, "\"}")); // cut short
    out.add(bytes("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "{\"bom\":1}"));
    out.add("{\"utf16\":1}".getBytes(StandardCharsets.UTF_16LE));
    out.add("{\"utf16\":1}".getBytes(StandardCharsets.UTF_16BE));
    return out;
  }

  @Test
  void writesTheBytesOfTheTreeForEveryPayloadOfTheCorpus() throws Exception {
    List<byte[]> corpus = corpus();
    for (JsonNode schema : schemas(corpus)) {
      for (RecordLayout layout : RecordLayout.values()) {
        for (boolean parse : new boolean[] {true, false}) {
          assertSame(corpus, new RecordShape(parse, layout), schema);
        }
      }
    }
  }

  @Test
  void writesTheBytesOfTheTreeForRandomDocuments() throws Exception {
    Random random = new Random(2024);
    List<byte[]> documents = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      StringBuilder json = new StringBuilder();
      new RandomJson(random).object(json, 0);
      byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
      if (i % 10 == 9) { // some damaged: cut short, or a byte changed
        bytes = random.nextBoolean() ? Arrays.copyOf(bytes, random.nextInt(bytes.length))
            : damaged(bytes, random);
      }
      documents.add(bytes);
    }
    for (JsonNode schema : schemas(documents.subList(0, 300))) {
      for (RecordLayout layout : RecordLayout.values()) {
        assertSame(documents, new RecordShape(true, layout), schema);
      }
    }
  }

  @Test
  void writesTheBytesOfTheTreeForTheUserRecordsOfAggregatesFromAnyPosition() throws Exception {
    List<UserRecord> users = new ArrayList<>();
    List<byte[]> corpus = corpus();
    for (int i = 0; i < corpus.size(); i++) {
      String key = i % 3 == 0 ? "zoë \"key\" ✓ " + i : "k" + i;
      users.add(new UserRecord(key, i % 4 == 0 ? "12345678901234567890" : null, corpus.get(i)));
    }
    KinesisRecord aggregate = new KinesisRecord(SEQ, ARRIVAL, "outer", KplRecords.kpl(users));
    for (RecordLayout layout : RecordLayout.values()) {
      RecordMapper streaming = mapper(new RecordShape(true, layout), Messages.object());
      RecordMapper tree = mapper(new RecordShape(true, layout), Messages.object());
      for (long first : new long[] {0, 1, users.size() - 1, users.size(), users.size() + 5}) {
        List<MappedRecord> written = new ArrayList<>();
        try (RecordWriter writer = streaming.writer()) {
          writer.write("shardId-000000000007", aggregate, KplDeaggregator.deaggregate(aggregate.data()), first,
              written);
        }
        assertThat(written).hasSize((int) Math.max(0, users.size() - first));
        for (int j = 0; j < written.size(); j++) {
          int sub = (int) first + j;
          UserRecord u = users.get(sub);
          MappedRecord expected = tree.mapAsTree("shardId-000000000007", aggregate, sub, u.partitionKey(),
              u.explicitHashKey(), u.data(), sub == users.size() - 1);
          assertEqual(written.get(j), expected, u.data());
        }
      }
    }
  }

  @Test
  void payloadsWithEverChangingMemberNamesOutgrowTheNameCacheAndStillWriteTheBytesOfTheTree() {
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) { // some 5,000 names: more than the cache keeps
      payloads.add(("{\"k" + i + "\":{\"k" + (i / 2) + " \\u00e9\":" + i + "},\"k" + i + "x\":[]}")
          .getBytes(StandardCharsets.UTF_8));
    }
    for (RecordLayout layout : RecordLayout.values()) {
      assertSame(payloads, new RecordShape(true, layout), Messages.object());
    }
  }

  @Test
  void onlyWhatAStreamCannotReproduceIsMappedAsATree() {
    List<byte[]> corpus = corpus();
    RecordMapper mapper = mapper(new RecordShape(true, RecordLayout.FLATTENED), schemas(corpus).get(1));
    try (RecordWriter writer = mapper.writer()) {
      for (byte[] payload : corpus) {
        String text = new String(payload, StandardCharsets.UTF_8);
        // What starts like an object but is not exactly one, repeats a name, or may hold a lone surrogate.
        boolean tree = RecordMapper.mayBeObject(payload) && (RecordMapper.parseObject(payload).isEmpty()
            || text.matches("(?s).*\"(a|k|_kinesis_a)\":.*\"\\1\":.*") || text.contains("\\ud")
            || SurrogateScan.mayHoldLoneSurrogate(payload));
        int before = writer.mappedAsTrees();
        writer.write("s", new KinesisRecord(SEQ, ARRIVAL, "k", payload), Optional.empty(), 0, new ArrayList<>());
        assertThat(writer.mappedAsTrees() - before).as(show(payload)).isEqualTo(tree ? 1 : 0);
      }
      assertThat(writer.mappedAsTrees()).as("the corpus has both kinds").isBetween(10, corpus.size() - 20);
    }
  }

  @Test
  void aSchemaTheWalkCannotCheckIsCheckedOnTreesWithTheSameBytes() throws Exception {
    ObjectNode schema = Messages.json("{\"type\":\"object\",\"properties\":{\"s\":{\"enum\":[\"a\",\"b\"]},"
        + "\"n\":{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}}}");
    assertThat(SchemaConformance.of(schema).walkable()).isFalse();
    List<byte[]> payloads = new ArrayList<>(corpus());
    payloads.add("{\"s\":\"a\",\"n\":1}".getBytes(StandardCharsets.UTF_8));
    payloads.add("{\"s\":\"c\",\"n\":1.5}".getBytes(StandardCharsets.UTF_8));
    assertSame(payloads, new RecordShape(true, RecordLayout.FLATTENED), schema);
  }

  /** Maps every payload both ways, as a plain record, and compares bytes, flags and drift counts record by record. */
  private static void assertSame(List<byte[]> payloads, RecordShape shape, JsonNode schema) {
    RecordMapper streaming = mapper(shape, schema);
    RecordMapper tree = mapper(shape, schema);
    try (RecordWriter writer = streaming.writer()) {
      int i = 0;
      for (byte[] payload : payloads) {
        String key = i % 2 == 0 ? "pk-" + i : "zoë \"q\" ✓\n" + i;
        KinesisRecord record = new KinesisRecord(SEQ, ARRIVAL.plusMillis(i / 3), key, payload);
        List<MappedRecord> written = new ArrayList<>();
        writer.write("shardId-000000000001", record, Optional.empty(), 0, written);
        MappedRecord expected = tree.mapAsTree("shardId-000000000001", record, 0, key, null, payload, true);
        assertThat(written).hasSize(1);
        assertEqual(written.get(0), expected, payload);
        assertThat(streaming.drift().mismatches()).as(() -> "drift after " + show(payload) + " with " + schema)
            .isEqualTo(tree.drift().mismatches());
        i++;
      }
    }
  }

  private static void assertEqual(MappedRecord actual, MappedRecord expected, byte[] payload) {
    if (!Arrays.equals(actual.json(), expected.json())) { // the text shows where they differ
      assertThat(new String(actual.json(), StandardCharsets.UTF_8)).as(show(payload))
          .isEqualTo(new String(expected.json(), StandardCharsets.UTF_8));
      assertThat(actual.json()).as(show(payload)).isEqualTo(expected.json());
    }
    assertThat(actual.payloadNotObject()).as(() -> show(payload)).isEqualTo(expected.payloadNotObject());
    assertThat(actual.sequenceNumber()).isEqualTo(expected.sequenceNumber());
    assertThat(actual.subSequenceNumber()).isEqualTo(expected.subSequenceNumber());
    assertThat(actual.lastOfKinesisRecord()).isEqualTo(expected.lastOfKinesisRecord());
    assertThat(actual.payloadBytes()).isEqualTo(expected.payloadBytes());
  }

  private static RecordMapper mapper(RecordShape shape, JsonNode schema) {
    return new RecordMapper(shape, new SchemaDrift("s", SchemaConformance.of(schema)));
  }

  /**
   * Declared schemas to check against: none; the one discover infers from the payloads, in each layout; and a
   * strict one (required fields, no other fields, typed items, formats), so that matches and mismatches both occur.
   */
  private static List<JsonNode> schemas(List<byte[]> payloads) {
    SchemaInference inference = new SchemaInference();
    payloads.forEach(p -> RecordMapper.parseObject(p).ifPresent(inference::observe));
    List<JsonNode> schemas = new ArrayList<>();
    schemas.add(Messages.object());
    for (RecordLayout layout : RecordLayout.values()) {
      for (boolean parse : new boolean[] {true, false}) {
        schemas.add(EnvelopeSchema.of(new RecordShape(parse, layout), inference.schema()));
      }
    }
    ObjectNode strictPayload = Messages.json("{\"type\":\"object\",\"additionalProperties\":false,"
        + "\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":[\"integer\",\"null\"]},"
        + "\"at\":{\"type\":\"string\",\"format\":\"date-time\"},\"day\":{\"type\":\"string\",\"format\":\"date\"},"
        + "\"o\":{\"type\":\"object\",\"required\":[\"p\"],\"additionalProperties\":{\"type\":\"object\"}},"
        + "\"arr\":{\"type\":\"array\",\"items\":{\"type\":[\"number\",\"string\"]}},"
        + "\"i\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},\"s\":{\"type\":\"string\"}}}");
    for (RecordLayout layout : RecordLayout.values()) {
      ObjectNode envelope = EnvelopeSchema.of(new RecordShape(true, layout), Optional.of(strictPayload));
      schemas.add(envelope);
      ObjectNode closed = envelope.deepCopy();
      closed.put("additionalProperties", false);
      schemas.add(closed);
    }
    return schemas;
  }

  private static byte[] damaged(byte[] bytes, Random random) {
    byte[] copy = bytes.clone();
    if (copy.length > 0) {
      String replacements = "{}[]\",:\\0e-.x\u00ff";
      copy[random.nextInt(copy.length)] = (byte) replacements.charAt(random.nextInt(replacements.length()));
    }
    return copy;
  }

  private static byte[] bytes(String head, byte[] middle, String tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String show(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  /** Random JSON text with every spelling of numbers, escapes and nesting, and sometimes duplicate names. */
  private static final class RandomJson {
    private static final String[] NAMES = {"a", "b", "id", "at", "day", "o", "arr", "i", "s", "_kinesis_x",
        "_kinesis_shard_id", "zoë", "data", "p", "x\\ny", "\\u0041"};
    private static final String[] STRINGS = {"", "plain", "zoë ✓", "😀", "\\ud83d\\ude00", "\\\"q\\\"", "\\\\",
        "\\n\\t\\u0000\\u001f", "\\/", "2024-05-01T10:00:00Z", "2024-05-01", "2024-02-30", "10:00:00",
        "\\u00e9\\u2028", "\\ud800"};
    private final Random random;

    RandomJson(Random random) {
      this.random = random;
    }

    void object(StringBuilder json, int depth) {
      json.append('{');
      int members = random.nextInt(depth == 0 ? 8 : 4);
      for (int m = 0; m < members; m++) {
        json.append(m == 0 ? "" : ",").append(random.nextInt(6) == 0 ? " " : "").append('"')
            .append(NAMES[random.nextInt(NAMES.length)]).append("\":");
        value(json, depth + 1);
      }
      json.append('}');
    }

    private void value(StringBuilder json, int depth) {
      int kind = random.nextInt(depth > 4 ? 6 : 8);
      switch (kind) {
        case 0 -> json.append(integer());
        case 1 -> json.append(decimal());
        case 2 -> json.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
        case 3 -> json.append(random.nextBoolean());
        case 4 -> json.append("null");
        case 5 -> json.append('"').append(Integer.toString(random.nextInt(1000))).append('"');
        case 6 -> object(json, depth);
        default -> {
          json.append('[');
          int items = random.nextInt(4);
          for (int i = 0; i < items; i++) {
            json.append(i == 0 ? "" : ", ");
            value(json, depth + 1);
          }
          json.append(']');
        }
      }
    }

    private String integer() {
      String sign = random.nextInt(4) == 0 ? "-" : "";
      return switch (random.nextInt(4)) {
        case 0 -> sign + "0";
        case 1 -> sign + random.nextInt(1000);
        case 2 -> sign + Math.abs(random.nextLong());
        default -> sign + new java.math.BigInteger(70 + random.nextInt(100), random);
      };
    }

    private String decimal() {
      String sign = random.nextInt(4) == 0 ? "-" : "";
      String integer = random.nextInt(3) == 0 ? "0" : Integer.toString(1 + random.nextInt(100_000));
      StringBuilder fraction = new StringBuilder();
      int digits = 1 + random.nextInt(12);
      for (int i = 0; i < digits; i++) {
        fraction.append(random.nextInt(3) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
      }
      String exponent = switch (random.nextInt(5)) {
        case 0 -> "e" + random.nextInt(30);
        case 1 -> "E-" + random.nextInt(30);
        case 2 -> "e+" + random.nextInt(400);
        default -> "";
      };
      return random.nextInt(6) == 0 ? sign + integer + (exponent.isEmpty() ? "e1" : exponent)
          : sign + integer + "." + fraction + exponent;
    }
  }
}
