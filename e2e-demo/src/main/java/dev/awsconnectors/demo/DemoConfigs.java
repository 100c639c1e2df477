package dev.awsconnectors.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.testkit.KinesisMock;
import dev.awsconnectors.testkit.Messages;
import dev.awsconnectors.testkit.S3Emulator;
import java.net.URI;

/** The configurations and catalogs of the three connectors in the demo, pointing at the local emulators. */
final class DemoConfigs {
  static final String BUCKET = "demo-bucket";
  static final String BUCKET_PATH = "from-kinesis";

  private DemoConfigs() {}

  /**
   * Records keyed by customer, so a customer's orders stay in order; KPL aggregation on; each Kinesis record is the
   * record's data alone (payload mode {@code data}), as an application would write it.
   */
  static ObjectNode destinationKinesis(URI endpoint) {
    ObjectNode config = Messages.object().put("region", KinesisMock.REGION.id())
        .put("endpoint", endpoint.toString())
        .put("accessKey", KinesisMock.ACCESS_KEY)
        .put("privateKey", KinesisMock.SECRET_KEY)
        .put("shardCount", 2)
        .put("aggregation", true);
    config.putObject("payload").put("mode", "data");
    config.putObject("partition_key").put("mode", "fields").putArray("fields").add("customer_id");
    return config;
  }

  static JsonNode destinationKinesisCatalog() {
    return Messages.catalog(
        Messages.configuredStream(SampleData.NAMESPACE, SampleData.ORDERS, SampleData.ordersSchema(), "incremental",
            "append"),
        Messages.configuredStream(SampleData.NAMESPACE, SampleData.CUSTOMERS, SampleData.customersSchema(),
            "incremental", "append"));
  }

  /**
   * The source with its defaults for the record layout ({@code flattened}: the payload's fields are the record's
   * fields) and the schema (inferred at discover from a sample of every shard).
   */
  static ObjectNode sourceKinesis(URI endpoint, String... streams) {
    ObjectNode config = Messages.object().put("region", KinesisMock.REGION.id())
        .put("endpoint", endpoint.toString())
        .put("access_key_id", KinesisMock.ACCESS_KEY)
        .put("secret_access_key", KinesisMock.SECRET_KEY)
        .put("start_position", "TRIM_HORIZON")
        .put("parse_json", true);
    var names = config.putArray("streams");
    for (String s : streams) {
      names.add(s);
    }
    return config;
  }

  /** Parquet with Snappy, Airbyte's default path layout under {@value #BUCKET_PATH}. */
  static ObjectNode destinationS3(URI endpoint) {
    ObjectNode config = Messages.object().put("s3_bucket_name", BUCKET)
        .put("s3_bucket_path", BUCKET_PATH)
        .put("s3_bucket_region", S3Emulator.REGION.id())
        .put("s3_endpoint", endpoint.toString())
        .put("access_key_id", S3Emulator.ACCESS_KEY)
        .put("secret_access_key", S3Emulator.SECRET_KEY);
    config.putObject("format").put("format_type", "Parquet").put("compression_codec", "SNAPPY");
    return config;
  }

  /** Every discovered stream, incremental, appended at the destination. */
  static ObjectNode configure(JsonNode discovered, long syncId) {
    ObjectNode catalog = Messages.object();
    var streams = catalog.putArray("streams");
    for (JsonNode stream : discovered.path("streams")) {
      ObjectNode configured = streams.addObject();
      configured.set("stream", stream);
      configured.put("sync_mode", "incremental").put("destination_sync_mode", "append")
          .put("generation_id", 0).put("minimum_generation_id", 0).put("sync_id", syncId);
      if (stream.has("default_cursor_field")) {
        configured.set("cursor_field", stream.get("default_cursor_field"));
      }
    }
    return catalog;
  }
}
