package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorProcess;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.KinesisMockExtension;
import dev.awsconnectors.testkit.ProtocolSchema;
import dev.awsconnectors.testkit.S3ProxyExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@code examples/} folders work as they are: each set (config, configured catalog, input messages) runs through
 * the built jar against this class's own emulators, in the order of the README's walk: destination-kinesis writes the
 * orders to Kinesis, source-kinesis reads them back (and nothing more on its next sync), destination-s3 writes its
 * own example and then the source's output piped into it. The only change made to the files is the port of the
 * endpoints, since the examples name the fixed ports of {@code ./run-local-aws.sh}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ExamplesIT {
  @RegisterExtension
  static final KinesisMockExtension KINESIS = new KinesisMockExtension();
  @RegisterExtension
  static final S3ProxyExtension S3 = new S3ProxyExtension();
  private static final Path ROOT = Path.of(System.getProperty("repository.root", ".."));
  /** The endpoints of {@code ./run-local-aws.sh} (its default ports), as the examples write them. */
  private static final String LOCAL_KINESIS = "http://127.0.0.1:4567";
  private static final String LOCAL_S3 = "http://127.0.0.1:4569";
  /** Where the example messages of the destinations go: Kinesis stream {@code <namespace>_<stream>}. */
  private static final String KINESIS_STREAM = "shop_orders";

  /** The source's records of {@link #sourceReadsTheOrdersBackAndOnlyNewRecordsNextTime}, piped into S3 later. */
  private static ConnectorResult sourceRead;

  @Test
  @Order(1)
  void destinationKinesisWritesTheOrdersToKinesis() {
    Example example = Example.load("destination-kinesis");
    ConnectorProcess connector = ConnectorProcess.ofModule("destination-kinesis");
    assertSucceeded(connector.check(example.config()));

    ConnectorResult written = connector.write(example.config(), example.catalog(), example.messages());

    assertThat(written.exitCode()).as(written.toString()).isZero();
    assertThat(written.states()).as("every STATE echoed, after the records before it were acknowledged")
        .hasSize(example.inputStates().size());
    List<JsonNode> inKinesis = new ArrayList<>();
    for (var shard : KINESIS.shards(KINESIS_STREAM)) {
      for (Record record : KINESIS.readShard(KINESIS_STREAM, shard.shardId())) {
        inKinesis.add(ProtocolCodec.readTreeUnchecked(record.data().asUtf8String()));
      }
    }
    assertThat(inKinesis).as("payload mode 'data': each Kinesis record is one record's data")
        .containsExactlyInAnyOrderElementsOf(example.inputData());
  }

  @Test
  @Order(2)
  void sourceReadsTheOrdersBackAndOnlyNewRecordsNextTime() {
    Example example = Example.load("source-kinesis");
    ConnectorProcess connector = ConnectorProcess.ofModule("source-kinesis");
    assertSucceeded(connector.check(example.config()));
    ConnectorResult discovered = connector.discover(example.config());
    assertThat(discovered.exitCode()).as(discovered.toString()).isZero();
    assertThat(example.catalog().at("/streams/0/stream"))
        .as("examples/configured_catalog.json declares the stream discover returns (remake it from discover's output)")
        .isEqualTo(discovered.ofType("CATALOG").get(0).at("/catalog/streams/0"));
    assertThat(ProtocolSchema.configuredCatalogProblems(example.catalog())).isEmpty();

    sourceRead = connector.read(example.config(), example.catalog(), null);

    assertThat(sourceRead.exitCode()).as(sourceRead.toString()).isZero();
    assertThat(sourceRead.records()).extracting(r -> r.at("/data/data"))
        .as("the orders destination-kinesis wrote")
        .containsExactlyInAnyOrderElementsOf(Example.load("destination-kinesis").inputData());
    assertThat(sourceRead.states()).isNotEmpty();
    JsonNode state = ProtocolCodec.mapper().createArrayNode().add(sourceRead.states().get(
        sourceRead.states().size() - 1));
    ConnectorResult next = connector.read(example.config(), example.catalog(), state);
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.records()).as("the next sync, from the saved state, has nothing new").isEmpty();
  }

  @Test
  @Order(3)
  void destinationS3WritesOneFilePerStreamAndTheSourcesOutputPipedIntoIt() {
    Example example = Example.load("destination-s3");
    String bucket = example.config().path("s3_bucket_name").asText();
    String prefix = example.config().path("s3_bucket_path").asText() + "/";
    S3.client().createBucket(r -> r.bucket(bucket));
    ConnectorProcess connector = ConnectorProcess.ofModule("destination-s3");
    assertSucceeded(connector.check(example.config()));

    ConnectorResult written = connector.write(example.config(), example.catalog(), example.messages());

    assertThat(written.exitCode()).as(written.toString()).isZero();
    assertThat(written.states()).hasSize(example.inputStates().size());
    Map<String, List<JsonNode>> expected = example.inputRecords().stream().collect(Collectors.groupingBy(
        r -> prefix + r.path("namespace").asText() + "/" + r.path("stream").asText() + "/",
        Collectors.mapping(r -> r.get("data"), Collectors.toList())));
    assertThat(dataByFolder(bucket, prefix)).as("one JSON Lines file per stream, under <prefix>/<namespace>/<stream>/")
        .isEqualTo(expected);

    assertThat(sourceRead).as("the source example ran first").isNotNull();
    JsonNode sourceCatalog = Example.load("source-kinesis").catalog();
    ConnectorResult piped = connector.write(example.config(), sourceCatalog,
        sourceRead.messages().stream().map(ProtocolCodec::serialize).toList());
    assertThat(piped.exitCode()).as(piped.toString()).isZero();
    assertThat(piped.states()).hasSameSizeAs(sourceRead.states());
    assertThat(dataByFolder(bucket, prefix).get(prefix + KINESIS_STREAM + "/"))
        .as("the source's records, stored as they were read")
        .containsExactlyInAnyOrderElementsOf(sourceRead.records().stream().map(r -> r.get("data")).toList());
  }

  private static void assertSucceeded(ConnectorResult check) {
    assertThat(check.connectionStatus().path("status").asText()).as(check.toString()).isEqualTo("SUCCEEDED");
  }

  /** The {@code _airbyte_data} of every line of every object under {@code prefix}, by the object's folder. */
  private static Map<String, List<JsonNode>> dataByFolder(String bucket, String prefix) {
    return S3.list(bucket, prefix).stream().sorted(Comparator.comparing(S3Object::key)).collect(Collectors.groupingBy(
        o -> o.key().substring(0, o.key().lastIndexOf('/') + 1),
        Collectors.flatMapping(o -> new String(S3.get(bucket, o.key()), StandardCharsets.UTF_8).lines()
            .map(line -> ProtocolCodec.readTreeUnchecked(line).get("_airbyte_data")), Collectors.toList())));
  }

  /** One {@code <module>/examples/} folder, with the endpoints moved to this test's emulators. */
  private record Example(JsonNode config, JsonNode catalog, List<String> messages) {
    static Example load(String module) {
      Path dir = ROOT.resolve(module).resolve("examples");
      String config = read(dir.resolve("config.json"));
      assertThat(config).as(module + " example points at ./run-local-aws.sh").containsAnyOf(LOCAL_KINESIS, LOCAL_S3);
      config = config.replace(LOCAL_KINESIS, withoutSlash(KINESIS.endpoint()))
          .replace(LOCAL_S3, withoutSlash(S3.endpoint()));
      Path messages = dir.resolve("messages.jsonl");
      return new Example(ProtocolCodec.readTreeUnchecked(config),
          ProtocolCodec.readTreeUnchecked(read(dir.resolve("configured_catalog.json"))),
          Files.exists(messages) ? read(messages).lines().filter(l -> !l.isBlank()).toList() : List.of());
    }

    List<JsonNode> inputRecords() {
      return ofType("RECORD").stream().map(m -> m.get("record")).toList();
    }

    List<JsonNode> inputData() {
      return inputRecords().stream().map(r -> r.get("data")).toList();
    }

    List<JsonNode> inputStates() {
      return ofType("STATE");
    }

    private List<JsonNode> ofType(String type) {
      return messages.stream().map(ProtocolCodec::readTreeUnchecked)
          .filter(m -> type.equals(m.path("type").asText())).toList();
    }

    private static String withoutSlash(URI endpoint) {
      return endpoint.toString().replaceAll("/$", "");
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
