package dev.awsconnectors.format.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.format.OutputRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** A realistic, deterministic record set: e-commerce orders of about 1 KB of JSON each. */
final class OrderRecords {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] STATUS = {"pending", "paid", "shipped", "delivered", "cancelled"};
  private static final String[] CITIES = {"Paris", "São Paulo", "New York", "Zürich", "東京", "Lagos", "Kraków"};
  private static final String[] WORDS = {"blue", "large", "cotton", "shirt", "organic", "coffee", "mug", "lamp",
      "desk", "café", "naïve", "gift", "wrap", "\"quoted\"", "comma,", "line\nbreak"};

  private OrderRecords() {}

  static final String SCHEMA = """
      {"type":"object","properties":{
        "id":{"type":"integer"},
        "order_number":{"type":"string"},
        "status":{"type":"string"},
        "total":{"type":"number"},
        "currency":{"type":["null","string"]},
        "created_at":{"type":"string","format":"date-time","airbyte_type":"timestamp_with_timezone"},
        "updated_at":{"type":["null","string"],"format":"date-time","airbyte_type":"timestamp_with_timezone"},
        "ship_date":{"type":["null","string"],"format":"date"},
        "is_gift":{"type":"boolean"},
        "score":{"type":["null","number"]},
        "notes":{"type":["null","string"]},
        "customer":{"type":"object","properties":{
          "id":{"type":"integer"},"name":{"type":"string"},"email":{"type":"string"},
          "address":{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"},
            "zip":{"type":"string"},"country":{"type":"string"}}}}},
        "items":{"type":"array","items":{"type":"object","properties":{
          "sku":{"type":"string"},"name":{"type":"string"},"quantity":{"type":"integer"},
          "unit_price":{"type":"number"},"tags":{"type":"array","items":{"type":"string"}}}}},
        "metadata":{"type":"object"}
      }}""";

  static JsonNode schema() {
    return ProtocolCodec.readTreeUnchecked(SCHEMA);
  }

  static List<OutputRecord> generate(int count, long seed) {
    Random random = new Random(seed);
    List<OutputRecord> records = new ArrayList<>(count);
    long start = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < count; i++) {
      ObjectNode o = F.objectNode();
      o.put("id", 1_000_000L + i);
      o.put("order_number", "ORD-" + Long.toString(random.nextLong() & 0xffffffffffL, 36).toUpperCase());
      o.put("status", STATUS[random.nextInt(STATUS.length)]);
      o.put("total", BigDecimal.valueOf(random.nextInt(1_000_000), 2));
      o.put("currency", random.nextInt(10) == 0 ? null : "EUR");
      long created = start + random.nextInt(365 * 86_400);
      o.put("created_at", Instant.ofEpochSecond(created, random.nextInt(1000) * 1_000_000L).toString());
      o.put("updated_at", random.nextBoolean() ? null : Instant.ofEpochSecond(created + 3600).toString());
      o.put("ship_date", LocalDate.ofEpochDay(created / 86_400 + random.nextInt(10)).toString());
      o.put("is_gift", random.nextInt(5) == 0);
      if (random.nextBoolean()) {
        o.put("score", random.nextDouble() * 5);
      }
      o.put("notes", random.nextInt(3) == 0 ? words(random, 12) : null);
      ObjectNode customer = o.putObject("customer");
      customer.put("id", random.nextInt(100_000));
      customer.put("name", words(random, 2));
      customer.put("email", "user" + random.nextInt(100_000) + "@example.com");
      ObjectNode address = customer.putObject("address");
      address.put("street", random.nextInt(200) + " " + words(random, 2));
      address.put("city", CITIES[random.nextInt(CITIES.length)]);
      address.put("zip", String.format("%05d", random.nextInt(100_000)));
      address.put("country", "FR");
      ArrayNode items = o.putArray("items");
      for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
        ObjectNode item = items.addObject();
        item.put("sku", "SKU-" + random.nextInt(10_000));
        item.put("name", words(random, 3));
        item.put("quantity", 1 + random.nextInt(5));
        item.put("unit_price", BigDecimal.valueOf(random.nextInt(50_000), 2));
        ArrayNode tags = item.putArray("tags");
        for (int t = random.nextInt(3); t > 0; t--) {
          tags.add(WORDS[random.nextInt(WORDS.length)]);
        }
      }
      ObjectNode metadata = o.putObject("metadata");
      metadata.put("source", "web");
      metadata.put("campaign", random.nextInt(4) == 0 ? "spring-" + random.nextInt(9) : null);
      if (random.nextInt(50) == 0) {
        o.put("extra_field", "not in the schema");
      }
      records.add(new OutputRecord(new UUID(random.nextLong(), random.nextLong()), created * 1000, o, null));
    }
    return records;
  }

  private static String words(Random random, int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return out.toString();
  }
}
