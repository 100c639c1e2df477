package dev.awsconnectors.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.Messages;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sample records of a small shop, as a source would send them: {@code shop.orders} and {@code shop.customers},
 * with a STREAM state every 100 records of a stream. Ids continue across rounds, so every round's records are new.
 * The fields have every kind of type the pipeline must keep: integers, decimals, timestamps, dates, booleans,
 * nullable text, a nested object and an array of objects.
 */
final class SampleData {
  static final String NAMESPACE = "shop";
  static final String ORDERS = "orders";
  static final String CUSTOMERS = "customers";
  private static final String[] NAMES = {"Ada Lovelace", "Grace Hopper", "Søren Kierkegaard", "Zoë Saldaña",
      "José Martí", "Nguyễn Văn A", "李小龙", "O'Brien, Pat"};
  private static final String[] CURRENCIES = {"EUR", "USD", "JPY"};
  private static final String[][] CITIES = {{"Lyon", "FR"}, {"Austin", "US"}, {"Osaka", "JP"}, {"Porto", "PT"}};
  /** 2026-01-01T00:00:00Z: orders are created from there on, 37 s apart. */
  private static final long FIRST_ORDER_EPOCH = 1_767_225_600L;

  private SampleData() {}

  /** The JSON schemas the source (of the records sent to Kinesis) declares for its two streams. */
  static ObjectNode ordersSchema() {
    return Messages.json("""
        {"type":"object","properties":{
          "order_id":{"type":"integer"},"customer_id":{"type":"integer"},
          "amount":{"type":"number"},"currency":{"type":"string"},
          "created_at":{"type":"string","format":"date-time","airbyte_type":"timestamp_with_timezone"},
          "delivery_date":{"type":"string","format":"date"},
          "shipping":{"type":"object","properties":{
            "city":{"type":"string"},"country":{"type":"string"},"express":{"type":"boolean"}}},
          "items":{"type":"array","items":{"type":"object","properties":{
            "sku":{"type":"string"},"quantity":{"type":"integer"},"unit_price":{"type":"number"}}}}}}
        """);
  }

  static ObjectNode customersSchema() {
    return Messages.json("""
        {"type":"object","properties":{
          "customer_id":{"type":"integer"},"name":{"type":"string"},"email":{"type":"string"},
          "signup_date":{"type":"string","format":"date"},"vip":{"type":"boolean"},
          "note":{"type":["null","string"]}}}
        """);
  }

  /**
   * The stdin lines of one round: {@code orders} orders and {@code customers} customers, interleaved, with a state
   * after every 100 records of a stream and at the end.
   */
  static List<String> round(int round, int orders, int customers, long firstId) {
    Random random = new Random(round);
    List<String> lines = new ArrayList<>();
    long emittedAt = Instant.now().toEpochMilli();
    int stateId = round * 1000;
    for (int o = 0, c = 0; o < orders || c < customers;) {
      boolean order = c >= customers || (o < orders && random.nextInt(orders + customers) < orders);
      if (order) {
        long id = firstId + o++;
        lines.add(Messages.record(NAMESPACE, ORDERS, order(id, firstId, random), emittedAt));
        if (o % 100 == 0 || o == orders) {
          lines.add(state(ORDERS, "order_id", id, stateId++));
        }
      } else {
        long id = firstId + c++;
        lines.add(Messages.record(NAMESPACE, CUSTOMERS, customer(id), emittedAt));
        if (c % 100 == 0 || c == customers) {
          lines.add(state(CUSTOMERS, "customer_id", id, stateId++));
        }
      }
    }
    return lines;
  }

  private static ObjectNode order(long id, long firstId, Random random) {
    Instant created = Instant.ofEpochSecond(FIRST_ORDER_EPOCH + id * 37);
    ObjectNode data = Messages.object().put("order_id", id).put("customer_id", firstId + random.nextInt(50));
    String[] city = CITIES[random.nextInt(CITIES.length)];
    data.putObject("shipping").put("city", city[0]).put("country", city[1]).put("express", random.nextInt(4) == 0);
    ArrayNode items = data.putArray("items");
    BigDecimal amount = BigDecimal.ZERO.setScale(2);
    for (int k = 0; k <= random.nextInt(3); k++) {
      int quantity = 1 + random.nextInt(4);
      BigDecimal price = new BigDecimal(100 + random.nextInt(9_900)).movePointLeft(2);
      items.addObject().put("sku", "SKU-" + random.nextInt(500)).put("quantity", quantity).put("unit_price", price);
      amount = amount.add(price.multiply(BigDecimal.valueOf(quantity)));
    }
    data.put("amount", amount).put("currency", CURRENCIES[random.nextInt(CURRENCIES.length)])
        .put("created_at", created.toString())
        .put("delivery_date", LocalDate.ofInstant(created, ZoneOffset.UTC).plusDays(2 + id % 3).toString());
    return data;
  }

  private static ObjectNode customer(long id) {
    ObjectNode data = Messages.object().put("customer_id", id)
        .put("name", NAMES[(int) (id % NAMES.length)])
        .put("email", "customer" + id + "@example.com")
        .put("signup_date", LocalDate.of(2025, 1, 1).plusDays(id % 365).toString())
        .put("vip", id % 5 == 0);
    data.put("note", id % 7 == 0 ? "first line\nsecond line" : null);
    return data;
  }

  private static String state(String stream, String cursorField, long cursor, int id) {
    return Messages.streamState(NAMESPACE, stream, ProtocolCodec.mapper().createObjectNode().put(cursorField, cursor),
        id);
  }
}
