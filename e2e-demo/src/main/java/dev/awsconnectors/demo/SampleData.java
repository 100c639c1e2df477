package dev.awsconnectors.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.Messages;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Sample records of a small shop, as a source would send them: {@code shop.orders} and {@code shop.customers},
 * with a STREAM state every 100 records of a stream. Ids continue across rounds, so every round's records are new.
 */
final class SampleData {
  static final String NAMESPACE = "shop";
  static final String ORDERS = "orders";
  static final String CUSTOMERS = "customers";
  private static final String[] NAMES = {"Ada Lovelace", "Grace Hopper", "Søren Kierkegaard", "Zoë Saldaña",
      "José Martí", "Nguyễn Văn A", "李小龙", "O'Brien, Pat"};
  private static final String[] CURRENCIES = {"EUR", "USD", "JPY"};

  private SampleData() {}

  /** The JSON schemas the source declares for its two streams. */
  static ObjectNode ordersSchema() {
    return Messages.json("""
        {"type":"object","properties":{
          "order_id":{"type":"integer"},"customer_id":{"type":"integer"},
          "amount":{"type":"number"},"currency":{"type":"string"},
          "created_at":{"type":"string","format":"date-time","airbyte_type":"timestamp_with_timezone"},
          "items":{"type":"array","items":{"type":"object","properties":{
            "sku":{"type":"string"},"quantity":{"type":"integer"}}}}}}
        """);
  }

  static ObjectNode customersSchema() {
    return Messages.json("""
        {"type":"object","properties":{
          "customer_id":{"type":"integer"},"name":{"type":"string"},"email":{"type":"string"},
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
    for (int i = 0, o = 0, c = 0; o < orders || c < customers; i++) {
      boolean order = c >= customers || (o < orders && random.nextInt(orders + customers) < orders);
      if (order) {
        long id = firstId + o++;
        ObjectNode data = Messages.object().put("order_id", id).put("customer_id", firstId + random.nextInt(50))
            .put("amount", new BigDecimal(random.nextInt(100_000)).movePointLeft(2))
            .put("currency", CURRENCIES[random.nextInt(CURRENCIES.length)])
            .put("created_at", Instant.ofEpochSecond(1_767_225_600L + id * 37).toString());
        var items = data.putArray("items");
        for (int k = 0; k <= random.nextInt(3); k++) {
          items.addObject().put("sku", "SKU-" + random.nextInt(500)).put("quantity", 1 + random.nextInt(4));
        }
        lines.add(Messages.record(NAMESPACE, ORDERS, data, emittedAt));
        if (o % 100 == 0 || o == orders) {
          lines.add(state(ORDERS, "order_id", id, stateId++));
        }
      } else {
        long id = firstId + c++;
        ObjectNode data = Messages.object().put("customer_id", id)
            .put("name", NAMES[(int) (id % NAMES.length)])
            .put("email", "customer" + id + "@example.com");
        data.put("note", id % 7 == 0 ? "first line\nsecond line" : null);
        lines.add(Messages.record(NAMESPACE, CUSTOMERS, data, emittedAt));
        if (c % 100 == 0 || c == customers) {
          lines.add(state(CUSTOMERS, "customer_id", id, stateId++));
        }
      }
    }
    return lines;
  }

  private static String state(String stream, String cursorField, long cursor, int id) {
    return Messages.streamState(NAMESPACE, stream, ProtocolCodec.mapper().createObjectNode().put(cursorField, cursor),
        id);
  }
}
