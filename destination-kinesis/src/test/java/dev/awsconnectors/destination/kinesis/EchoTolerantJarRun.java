package dev.awsconnectors.destination.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ConnectorResult;
import dev.awsconnectors.testkit.ProtocolSchema;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the jar's {@code write} like the testkit's ConnectorProcess, with one difference: the schema problems a
 * STATE inherits from its input are accepted: a GLOBAL state without {@code stream_states} (legacy DAT
 * {@code exchange_rate_messages.txt}) and a null {@code shared_state} (Bulk CDK {@code testClear}). States must be
 * echoed verbatim, so their echo is schema-invalid by design; every other problem still fails the run.
 * (ConnectorProcess rejects them; see the module's report.)
 */
final class EchoTolerantJarRun {
  /** Problems the platform's own test inputs have, which a verbatim echo keeps. */
  private static final List<String> INHERITED_FROM_INPUT = List.of(
      "$.state.global: required property 'stream_states' not found",
      "$.state.global.shared_state: null found, object expected");

  private EchoTolerantJarRun() {}

  static ConnectorResult write(JsonNode config, JsonNode catalog, List<String> stdin) throws Exception {
    Path dir = Files.createTempDirectory("kinesis-write-");
    Path configFile = Files.writeString(dir.resolve("config.json"), ProtocolCodec.serialize(config));
    Path catalogFile = Files.writeString(dir.resolve("catalog.json"), ProtocolCodec.serialize(catalog));
    Path jar = Path.of("target", "destination-kinesis.jar");
    long start = System.nanoTime();
    Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString(), "write",
        "--config", configFile.toString(), "--catalog", catalogFile.toString()).start();
    CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return e.toString();
      }
    });
    CompletableFuture<Void> feeder = CompletableFuture.runAsync(() -> {
      try (Writer in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8))) {
        for (String line : stdin) {
          in.write(line);
          in.write('\n');
        }
      } catch (IOException e) {
        // The connector stopped reading; its exit code says why.
      }
    });
    List<JsonNode> messages = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = out.readLine()) != null) {
        number++;
        JsonNode message = ProtocolCodec.readTree(line);
        List<String> problems = new ArrayList<>(ProtocolSchema.messageProblems(message));
        problems.removeAll(INHERITED_FROM_INPUT);
        if (!problems.isEmpty()) {
          throw new AssertionError("stdout line " + number + " is not a valid Airbyte message " + problems + ": "
              + line);
        }
        messages.add(message);
      }
    }
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("The connector did not finish within 5 minutes");
    }
    feeder.get(10, TimeUnit.SECONDS);
    return new ConnectorResult(process.exitValue(), messages, stderr.get(10, TimeUnit.SECONDS),
        Duration.ofNanos(System.nanoTime() - start));
  }
}
