package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorRunnerTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String CATALOG = "{\"streams\":[{\"stream\":{\"name\":\"things\",\"json_schema\":{},"
      + "\"supported_sync_modes\":[\"full_refresh\"]},\"sync_mode\":\"full_refresh\","
      + "\"destination_sync_mode\":\"append\"}]}";

  @TempDir
  Path dir;
  private final FakeConnector connector = new FakeConnector();

  record Result(int exitCode, List<JsonNode> messages, String stdout, String stderr) {
    List<JsonNode> ofType(String type) {
      return messages.stream().filter(m -> m.path("type").asText().equals(type)).toList();
    }
  }

  private Result run(String stdin, String... args) throws Exception {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  private Result run(byte[] stdin, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    int code = new ConnectorRunner(connector, clock).run(args, new ByteArrayInputStream(stdin), out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    List<JsonNode> messages = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty()) {
        messages.add(ProtocolCodec.readTree(line));
      }
    }
    return new Result(code, messages, text, err.toString(StandardCharsets.UTF_8));
  }

  /** A write of {@code stdin} with a valid config and the one-stream catalog. */
  private Result write(String stdin) throws Exception {
    return write(stdin.getBytes(StandardCharsets.UTF_8));
  }

  private Result write(byte[] stdin) throws Exception {
    return run(stdin, "write", "--config", file("c.json", "{\"region\":\"us-east-1\",\"count\":1}"), "--catalog",
        file("cat.json", CATALOG));
  }

  private static String errorMessage(Result r) {
    return r.ofType("TRACE").get(0).at("/trace/error/message").asText();
  }

  private String file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p.toString();
  }

  @Test
  void specPrintsExactlyOneSpecMessage() throws Exception {
    Result r = run("", "spec");

    assertThat(r.exitCode()).isZero();
    assertThat(r.ofType("SPEC")).hasSize(1);
    assertThat(r.ofType("SPEC").get(0).at("/spec/connectionSpecification/type").asText()).isEqualTo("object");
  }

  @Test
  void noArgumentsOrHelpPrintTheUsageOnStderrAndExitTwo() throws Exception {
    for (String[] args : new String[][] {{}, {"--help"}, {"-h"}}) {
      Result r = run("", args);

      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.stdout()).isEmpty();
      assertThat(r.stderr()).startsWith("Usage: java -jar <connector>.jar <command> [options]")
          .contains("check    --config <file>", "discover --config <file>", "write    --config <file> --catalog <file>",
              "--state <file>", "-h, --help", "Documentation: https://example.com/fake")
          .doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void unknownCommandNamesItOnStderrWithTheUsageAndInATraceAndExitsTwo() throws Exception {
    Result r = run("", "sync");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("Unknown command 'sync'.\n\nUsage: ").doesNotContain("\tat ");
    assertThat(r.ofType("TRACE")).hasSize(1);
    JsonNode error = r.ofType("TRACE").get(0).at("/trace/error");
    assertThat(error.path("message").asText()).isEqualTo("Unknown command 'sync'. Run with --help for the usage.");
    assertThat(error.path("failure_type").asText()).isEqualTo("config_error");
    assertThat(error.has("stack_trace")).isFalse();
  }

  @Test
  void missingConfigFileGivesATraceAndExitCodeOne() throws Exception {
    Result r = run("", "check", "--config", dir.resolve("nope.json").toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.ofType("TRACE").get(0).at("/trace/error/failure_type").asText()).isEqualTo("config_error");
    assertThat(r.ofType("CONNECTION_STATUS")).isEmpty();
  }

  @Test
  void checkWithAMissingRequiredFieldFailsNamingItAndExitsZero() throws Exception {
    Result r = run("", "check", "--config", file("c.json", "{\"count\":2}"));

    assertThat(r.exitCode()).isZero();
    assertThat(r.ofType("CONNECTION_STATUS")).hasSize(1);
    assertThat(r.ofType("CONNECTION_STATUS").get(0).at("/connectionStatus/status").asText()).isEqualTo("FAILED");
    assertThat(r.ofType("CONNECTION_STATUS").get(0).at("/connectionStatus/message").asText())
        .contains("'region' is required but missing");
    assertThat(r.ofType("TRACE")).isEmpty();
  }

  @Test
  void checkReportsSemanticProblemsFromTheConnectorsParser() throws Exception {
    Result r = run("", "check", "--config", file("c.json", "{\"region\":\"nowhere\",\"count\":2}"));

    assertThat(r.ofType("CONNECTION_STATUS").get(0).at("/connectionStatus/message").asText())
        .contains("'region' is not a region");
  }

  @Test
  void checkSucceeds() throws Exception {
    Result r = run("", "check", "--config", file("c.json", "{\"region\":\"us-east-1\",\"count\":2}"));

    assertThat(r.ofType("CONNECTION_STATUS").get(0).at("/connectionStatus/status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void secretsNeverAppearInOutputEvenWhenTheConnectorPutsThemInMessages() throws Exception {
    for (String failWith : List.of("config", "crash")) {
      Result r = run("", "check", "--config", file("c.json", "{\"region\":\"us-east-1\",\"count\":2,"
          + "\"secret_access_key\":\"" + SECRET + "\",\"fail_with\":\"" + failWith + "\",\"log_secret\":true}"));

      assertThat(r.ofType("CONNECTION_STATUS").get(0).at("/connectionStatus/status").asText()).isEqualTo("FAILED");
      assertThat(r.stdout()).doesNotContain(SECRET).contains("**********");
    }
  }

  @Test
  void checkLogsItsFailureOnceWhateverFailed() throws Exception {
    for (String failWith : List.of("status", "config", "crash", "invalid")) {
      String config = failWith.equals("invalid") ? "{\"count\":2}"
          : "{\"region\":\"us-east-1\",\"count\":2,\"fail_with\":\"" + failWith + "\"}";
      Result r = run("", "check", "--config", file("c.json", config));

      String reason = r.ofType("CONNECTION_STATUS").get(0).at("/connectionStatus/message").asText();
      assertThat(reason).isNotBlank();
      assertThat(r.ofType("LOG")).as(failWith).filteredOn(l -> l.at("/log/message").asText().contains(reason))
          .hasSize(1);
    }
  }

  @Test
  void unknownConfigFieldsAreWarnedWithTheClosestKnownFieldAndAddedToTheCheck() throws Exception {
    Result ok = run("", "check", "--config", file("c.json", "{\"region\":\"us-east-1\",\"count\":2,"
        + "\"secret_acess_key\":\"" + SECRET + "\",\"Fail-With\":\"none\",\"colour\":\"blue-value\"}"));
    Result failed = run("", "check", "--config", file("c.json", "{\"regoin\":\"us-east-1\",\"count\":2}"));

    assertThat(ok.ofType("CONNECTION_STATUS").get(0).at("/connectionStatus/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(ok.ofType("CONNECTION_STATUS").get(0).at("/connectionStatus/message").asText()).isEqualTo(
        "The config fields 'secret_acess_key' (did you mean 'secret_access_key'?), 'Fail-With' (did you mean "
            + "'fail_with'?), 'colour' are not known to this connector and ignored.");
    assertThat(ok.ofType("LOG")).extracting(l -> l.at("/log/message").asText())
        .contains("The config field 'colour' is not known to this connector and is ignored.")
        .anySatisfy(m -> assertThat(m).contains("'Fail-With' (did you mean 'fail_with'?)"));
    assertThat(ok.stdout()).as("values are never printed; a misspelt secret is still a secret")
        .doesNotContain(SECRET, "blue-value");
    assertThat(failed.ofType("CONNECTION_STATUS").get(0).at("/connectionStatus/message").asText())
        .contains("'region' is required but missing")
        .endsWith(" The config field 'regoin' (did you mean 'region'?) is not known to this connector and ignored.");
  }

  @Test
  void unknownConfigFieldsAreWarnedInASyncToo() throws Exception {
    Result r = run("", "read", "--config", file("c.json", "{\"region\":\"us-east-1\",\"cout\":3,\"count\":1}"),
        "--catalog", file("cat.json", CATALOG));

    assertThat(r.exitCode()).isZero();
    assertThat(r.ofType("LOG")).extracting(l -> l.at("/log/level").asText() + " " + l.at("/log/message").asText())
        .contains("WARN The config field 'cout' (did you mean 'count'?) is not known to this connector and is ignored.");
  }

  @Test
  void aDiscoveredCatalogIsRefusedWithHowToMakeAConfiguredOne() throws Exception {
    String discovered = "{\"streams\":[{\"name\":\"things\",\"json_schema\":{},"
        + "\"supported_sync_modes\":[\"full_refresh\",\"incremental\"]}]}";
    String config = file("c.json", "{\"region\":\"us-east-1\",\"count\":1}");

    for (String catalog : List.of(discovered, "{\"type\":\"CATALOG\",\"catalog\":" + discovered + "}")) {
      Result r = run("", "read", "--config", config, "--catalog", file("cat.json", catalog));

      assertThat(r.exitCode()).isEqualTo(1);
      JsonNode error = r.ofType("TRACE").get(0).at("/trace/error");
      assertThat(error.path("failure_type").asText()).isEqualTo("config_error");
      assertThat(error.path("message").asText()).contains("holds a discovered catalog", "not a configured catalog",
          "{\"stream\": <the stream>, \"sync_mode\": \"incremental\", \"destination_sync_mode\": \"append\"}",
          "jq '{streams: [" + (catalog.startsWith("{\"type") ? ".catalog" : "") + ".streams[] | {stream: .,");
    }
  }

  @Test
  void malformedConfigOnCheckFailsWithoutQuotingTheFile() throws Exception {
    Result r = run("", "check", "--config", file("c.json", "{\"secret_access_key\": " + SECRET + "}"));

    assertThat(r.exitCode()).isZero();
    assertThat(r.ofType("CONNECTION_STATUS").get(0).at("/connectionStatus/message").asText())
        .contains("is not valid JSON (line 1, column");
    assertThat(r.stdout()).doesNotContain(SECRET).doesNotContain("wJalr");
  }

  @Test
  void malformedConfigOnWriteGivesAConfigErrorTraceAndExitOne() throws Exception {
    Result r = run("", "write", "--config", file("c.json", "{\"region\": \"us-east-1\", " + SECRET),
        "--catalog", file("cat.json", CATALOG));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.ofType("TRACE")).hasSize(1);
    assertThat(r.ofType("TRACE").get(0).at("/trace/error/failure_type").asText()).isEqualTo("config_error");
    assertThat(r.stdout()).doesNotContain(SECRET);
  }

  @Test
  void writeEchoesStatesWithCountsAndIgnoresBlankLinesAndLogs() throws Exception {
    String input = """
        {"type":"RECORD","record":{"stream":"things","data":{"a":1},"emitted_at":1}}

        {"type":"LOG","log":{"level":"INFO","message":"from the source"}}
        {"type":"RECORD","record":{"stream":"things","data":{"a":2},"emitted_at":1}}
        {"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":{"name":"things"},"stream_state":{"c":2}},"id":5}}
        {"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1.7E12,"stream_status":{"stream_descriptor":{"name":"things"},"status":"COMPLETE"}}}
        """;
    Result r = write(input);

    assertThat(r.exitCode()).isZero();
    assertThat(connector.stored).hasSize(2);
    assertThat(r.ofType("STATE")).hasSize(1);
    JsonNode state = r.ofType("STATE").get(0).get("state");
    assertThat(state.get("id").asInt()).isEqualTo(5);
    assertThat(state.at("/destinationStats/recordCount").asDouble()).isEqualTo(2.0);
    assertThat(connector.writerCalls).containsExactly("finish", "close");
    // Before each read of stdin: the first, and the one that finds its end after both records.
    assertThat(connector.drainedAfter).containsExactly(0, 2);
  }

  @Test
  void malformedStdinLineFailsNamingTheLine() throws Exception {
    String input = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"things\",\"data\":{},\"emitted_at\":1}}\n\n"
        + "{\"type\":\"RECORD\",\"record\":{\"stream\n";
    Result r = write(input);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(errorMessage(r))
        .startsWith("stdin line 3 is not a valid Airbyte message");
    assertThat(connector.writerCalls).as("what came before is stored, never finished as if input were complete")
        .containsExactly("flushBeforeFailure", "close");
  }

  @Test
  void writeOfAFutureProtocolVersionSucceedsEchoesStatesVerbatimAndWarnsOncePerValue() throws Exception {
    String record = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"things\",\"data\":{\"a\":1},\"emitted_at\":1,"
        + "\"meta\":{\"changes\":[{\"field\":\"a\",\"change\":\"HASHED\",\"reason\":\"PLATFORM_QUOTA\"}]}}}";
    String state = "{\"type\":\"SHARDED\",\"sharded\":{\"s\":[1,2.50]},\"id\":9}";
    String input = String.join("\n", record, record,
        "{\"type\":\"HEARTBEAT\",\"heartbeat\":{}}",
        "{\"type\":\"HEARTBEAT\",\"heartbeat\":{}}",
        "{\"type\":\"TRACE\",\"trace\":{\"type\":\"STREAM_STATUS\",\"emitted_at\":1,\"stream_status\":{"
            + "\"stream_descriptor\":{\"name\":\"things\"},\"status\":\"PAUSED\"}}}",
        "{\"type\":\"STATE\",\"state\":" + state + "}", "");
    String catalog = CATALOG.replace("\"append\"", "\"merge\"");

    Result r = run(input, "write", "--config", file("c.json", "{\"region\":\"us-east-1\",\"count\":1}"),
        "--catalog", file("cat.json", catalog));

    assertThat(r.exitCode()).isZero();
    assertThat(connector.stored).hasSize(2);
    assertThat(ProtocolCodec.serialize(connector.stored.get(0).meta())).contains("\"change\":\"HASHED\"",
        "\"reason\":\"PLATFORM_QUOTA\"");
    assertThat(r.ofType("STATE")).hasSize(1);
    JsonNode echoed = r.ofType("STATE").get(0).get("state").deepCopy();
    assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) echoed).remove("destinationStats")
        .at("/recordCount").asDouble()).isEqualTo(2.0);
    assertThat(echoed).isEqualTo(ProtocolCodec.readTree(state));
    List<String> warnings = r.ofType("LOG").stream().filter(l -> l.at("/log/level").asText().equals("WARN"))
        .map(l -> l.at("/log/message").asText()).toList();
    assertThat(warnings).filteredOn(w -> w.contains("does not know")).hasSize(6)
        .anySatisfy(w -> assertThat(w).startsWith("stdin line 1: /record/meta/changes/*/change is 'HASHED'"))
        .anySatisfy(w -> assertThat(w).startsWith("stdin line 1: /record/meta/changes/*/reason is 'PLATFORM_QUOTA'"))
        .anySatisfy(w -> assertThat(w).startsWith("stdin line 3: /type is 'HEARTBEAT'"))
        .anySatisfy(w -> assertThat(w).startsWith("stdin line 5: /trace/stream_status/status is 'PAUSED'"))
        .anySatisfy(w -> assertThat(w).startsWith("stdin line 6: /state/type is 'SHARDED'"))
        .anySatisfy(w -> assertThat(w).contains("/streams/*/destination_sync_mode is 'merge'"));
  }

  @Test
  void readLeavesOutStatesOfAnUnknownTypeAndAcceptsUnknownSyncModes() throws Exception {
    String catalog = CATALOG.replace("\"sync_mode\":\"full_refresh\"", "\"sync_mode\":\"cdc\"");
    Result r = run("", "read", "--config", file("c.json", "{\"region\":\"us-east-1\",\"count\":1}"),
        "--catalog", file("cat.json", catalog), "--state", file("s.json", "[{\"type\":\"SHARDED\",\"x\":1},"
            + "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"things\"},\"stream_state\":{}}}]"));

    assertThat(r.exitCode()).isZero();
    assertThat(connector.lastInputState).extracting(s -> s.type().wire()).containsExactly("STREAM");
    assertThat(r.ofType("LOG")).extracting(l -> l.at("/log/message").asText())
        .anySatisfy(m -> assertThat(m).contains("state #0 has the type 'SHARDED'", "left out"))
        .anySatisfy(m -> assertThat(m).contains("/streams/*/sync_mode is 'cdc'"));
  }

  @Test
  void invalidUtf8OnStdinFailsNamingTheLineAfterEchoingTheStatesBeforeIt() throws Exception {
    byte[] before = ("{\"type\":\"RECORD\",\"record\":{\"stream\":\"things\",\"data\":{\"a\":\"é\"},\"emitted_at\":1}}\n"
        + "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"things\"},"
        + "\"stream_state\":{\"c\":1}}}}\n{\"type\":\"RECORD\",\"record\":{\"stream\":\"things\",\"data\":{\"a\":\"")
        .getBytes(StandardCharsets.UTF_8);
    byte[] after = "\"},\"emitted_at\":1}}\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(before);
    input.write(0xC3); // the first byte of 'é' without the second: Latin-1 text, or a cut in the middle
    input.writeBytes(after);

    Result r = write(input.toByteArray());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.ofType("STATE")).hasSize(1);
    assertThat(errorMessage(r))
        .startsWith("stdin line 3 is not valid UTF-8: byte ").contains("(0xC3)");
    assertThat(connector.stored).hasSize(1);
    assertThat(connector.writerCalls).containsExactly("flushBeforeFailure", "close");
  }

  @Test
  void twoMessagesOnOneLineAreAMalformedLine() throws Exception {
    String input = "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"m\"}} "
        + "{\"type\":\"RECORD\",\"record\":{\"stream\":\"things\",\"data\":{},\"emitted_at\":1}}\n";
    Result r = write(input);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(errorMessage(r))
        .startsWith("stdin line 1 is not a valid Airbyte message");
  }

  @Test
  void recordOfAStreamOutsideTheCatalogFails() throws Exception {
    String input = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"other\",\"data\":{},\"emitted_at\":1}}\n";
    Result r = write(input);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(errorMessage(r))
        .contains("'other', which is not in the configured catalog");
  }

  @Test
  void transientFailureDuringWriteGivesATransientErrorTrace() throws Exception {
    String input = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"things\",\"data\":{},\"emitted_at\":1}}\n";
    Result r = run(input, "write", "--config", file("c.json", "{\"region\":\"us-east-1\",\"count\":1,"
        + "\"fail_with\":\"transient\"}"), "--catalog", file("cat.json", CATALOG));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.ofType("TRACE").get(0).at("/trace/error/failure_type").asText()).isEqualTo("transient_error");
    assertThat(connector.writerCalls).containsExactly("flushBeforeFailure", "close");
  }

  @Test
  void readWithAnInvalidCatalogGivesATrace() throws Exception {
    String catalog = "{\"streams\":[{\"stream\":{\"name\":\"__AIRBYTE__stream_that_does_not_exist\","
        + "\"json_schema\":{},\"supported_sync_modes\":[\"full_refresh\"]},\"sync_mode\":[\"full_refresh\"],"
        + "\"destination_sync_mode\":\"append\"}]}";
    Result r = run("", "read", "--config", file("c.json", "{\"region\":\"us-east-1\",\"count\":1}"),
        "--catalog", file("cat.json", catalog));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.ofType("TRACE")).hasSize(1);
    assertThat(errorMessage(r)).contains("not a valid configured catalog");
  }

  @Test
  void readAcceptsTheArrayStateFormAndALegacyObject() throws Exception {
    String config = file("c.json", "{\"region\":\"us-east-1\",\"count\":3}");
    Result r = run("", "read", "--config", config, "--catalog", file("cat.json", CATALOG), "--state",
        file("s.json", "[{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"things\"},"
            + "\"stream_state\":{\"c\":1}}}]"));

    assertThat(r.exitCode()).isZero();
    assertThat(r.ofType("RECORD")).hasSize(3);
    assertThat(connector.lastInputState).hasSize(1);

    run("", "read", "--config", config, "--catalog", file("cat.json", CATALOG), "--state",
        file("s.json", "{\"cursor\":7}"));
    assertThat(connector.lastInputState.get(0).data().get("cursor").asInt()).isEqualTo(7);
  }

  @Test
  void discoverPrintsOneCatalog() throws Exception {
    Result r = run("", "discover", "--config", file("c.json", "{\"region\":\"us-east-1\",\"count\":1}"));

    assertThat(r.exitCode()).isZero();
    assertThat(r.ofType("CATALOG")).hasSize(1);
  }

  @Test
  void logsBecomeLogMessagesOnStdout() throws Exception {
    Result r = run("", "check", "--config", file("c.json", "{\"region\":\"us-east-1\",\"count\":2,"
        + "\"log_secret\":true}"));

    assertThat(r.ofType("LOG")).anySatisfy(l -> assertThat(l.at("/log/message").asText()).contains("checking"));
  }
}
