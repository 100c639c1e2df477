package dev.awsconnectors.destination.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.destination.kinesis.FakeKinesis.Stored;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer's routing of each record to its stream's target, limit and ledger, with streams in runs or mixed. */
class KinesisWriterTest {
  private static JsonNode data(String stream, int id, int blob) {
    return ProtocolCodec.readTreeUnchecked("{\"stream\":\"" + stream + "\",\"id\":" + id + ",\"blob\":\""
        + "x".repeat(blob) + "\"}");
  }

  private static List<String> stored(FakeKinesis fake, String stream) {
    List<String> out = new ArrayList<>();
    for (Stored s : fake.records(stream)) {
      JsonNode p = ProtocolCodec.readTreeUnchecked(new String(s.data(), StandardCharsets.UTF_8));
      out.add(p.get("stream").asText() + p.get("id").asInt());
    }
    return out;
  }

  @Test
  void recordsOfInterleavedStreamsGoToTheirOwnTargetAndStateWhetherInRunsOrAlternating() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream("public_orders", 1).withStream("shop_users", 1)
        .withMaxRecordSizeKiB(1);
    List<String> orders = new ArrayList<>();
    List<String> users = new ArrayList<>();
    // One partition key per stream, so each stream's order is kept and checked below (with random keys, the default,
    // no two records share a key and two requests of one stream may be stored in either order).
    try (WriteHarness h = new WriteHarness(WriteHarness.destination(fake), WriteHarness.config(
        "{\"payload\":{\"mode\":\"data\"},\"on_oversized_record\":\"SKIP\",\"partition_key\":{\"mode\":\"stream\"}}"),
        WriteHarness.catalog("public", "orders", "shop", "users"), s -> {})) {
      int id = 0;
      // A run of orders, then strictly alternating records, then a run of users; every 7th users record is too big.
      String[] pattern = ("o".repeat(20) + "ou".repeat(30) + "u".repeat(20)).split("");
      int rejectedUsers = 0;
      for (String which : pattern) {
        id++;
        if (which.equals("o")) {
          h.record("public", "orders", data("o", id, 10));
          orders.add("o" + id);
        } else if (id % 7 == 0) {
          h.record("shop", "users", data("u", id, 1100));
          rejectedUsers++;
        } else {
          h.record("shop", "users", data("u", id, 10));
          users.add("u" + id);
        }
      }
      h.streamState("shop", "users");
      h.streamState("public", "orders");
      h.finish();

      assertThat(h.states).hasSize(2);
      assertThat(h.states.get(0).at("/destinationStats/recordCount").asDouble()).isEqualTo(users.size());
      assertThat(h.states.get(0).at("/destinationStats/rejectedRecordCount").asDouble()).isEqualTo(rejectedUsers);
      assertThat(h.states.get(1).at("/destinationStats/recordCount").asDouble()).isEqualTo(orders.size());
      assertThat(h.states.get(1).at("/destinationStats/rejectedRecordCount").asDouble()).isZero();
    }
    assertThat(stored(fake, "public_orders")).containsExactlyElementsOf(orders);
    assertThat(stored(fake, "shop_users")).containsExactlyElementsOf(users);
  }
}
