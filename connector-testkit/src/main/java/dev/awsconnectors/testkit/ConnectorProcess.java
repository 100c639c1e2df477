package dev.awsconnectors.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a built connector jar as a separate process, the way the platform does: config, catalog and state written to
 * files, messages fed on stdin, stdout parsed line by line, stderr kept. Every stdout line must be a JSON object that
 * is a valid protocol message; anything else fails the run.
 *
 * <pre>{@code ConnectorResult r = ConnectorProcess.ofModule("destination-s3").check(config);}</pre>
 */
public final class ConnectorProcess {
  private static final int MAX_SCHEMA_CHECKED_RECORDS = 2_000;
  /**
   * Each run needs three threads that block on pipes at the same time (stdin, stdout, stderr); the common pool may
   * have fewer, which would deadlock once a pipe fills. Daemon threads, so a stuck connector cannot keep the JVM up.
   */
  private static final ExecutorService PIPES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "connector-pipe");
    t.setDaemon(true);
    return t;
  });
  private final Path jar;
  private final Map<String, String> env = new HashMap<>();
  private final List<String> jvmOptions = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
  private Duration timeout = Duration.ofMinutes(5);
  private Consumer<JsonNode> listener = message -> { };

  private ConnectorProcess(Path jar) {
    this.jar = jar;
  }

  public static ConnectorProcess ofJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("No connector jar at " + jar.toAbsolutePath()
          + ": protocol tests run after 'package' (mvn verify)");
    }
    return new ConnectorProcess(jar);
  }

  /** The runnable jar of a module: {@code target/<module>.jar}, from the module's own directory or its parent. */
  public static ConnectorProcess ofModule(String module) {
    Path own = Path.of("target", module + ".jar");
    Path sibling = Path.of("..", module, "target", module + ".jar");
    return ofJar(Files.isRegularFile(own) ? own : sibling);
  }

  public ConnectorProcess withEnv(String name, String value) {
    env.put(name, value);
    return this;
  }

  public ConnectorProcess withJvmOption(String option) {
    jvmOptions.add(option);
    return this;
  }

  /**
   * Sees every stdout message as soon as it is read, on the reading thread (to show progress, or to pipe a source's
   * records into a destination while both run). A slow listener slows the connector down, as a full pipe would.
   */
  public ConnectorProcess withListener(Consumer<JsonNode> onMessage) {
    this.listener = onMessage;
    return this;
  }

  public ConnectorProcess withTimeout(Duration limit) {
    this.timeout = limit;
    return this;
  }

  public ConnectorResult spec() {
    return run(List.of("spec"), Map.of(), Collections.emptyIterator());
  }

  public ConnectorResult check(JsonNode config) {
    return run(List.of("check", "--config", "{config}"), Map.of("config", config), Collections.emptyIterator());
  }

  public ConnectorResult discover(JsonNode config) {
    return run(List.of("discover", "--config", "{config}"), Map.of("config", config), Collections.emptyIterator());
  }

  /** @param state the state file's content (the array form), or {@code null} for a first sync */
  public ConnectorResult read(JsonNode config, JsonNode catalog, JsonNode state) {
    Map<String, JsonNode> files = new HashMap<>(Map.of("config", config, "catalog", catalog));
    List<String> args = new ArrayList<>(List.of("read", "--config", "{config}", "--catalog", "{catalog}"));
    if (state != null) {
      files.put("state", state);
      args.addAll(List.of("--state", "{state}"));
    }
    return run(args, files, Collections.emptyIterator());
  }

  /** @param stdin lines to feed, usually serialized messages; streamed, so any number works */
  public ConnectorResult write(JsonNode config, JsonNode catalog, Iterator<String> stdin) {
    return run(List.of("write", "--config", "{config}", "--catalog", "{catalog}"),
        Map.of("config", config, "catalog", catalog), stdin, true);
  }

  public ConnectorResult write(JsonNode config, JsonNode catalog, List<?> messages) {
    Iterator<?> it = messages.iterator();
    return write(config, catalog, new Iterator<String>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public String next() {
        Object m = it.next();
        return m instanceof String s ? s : ProtocolCodec.serialize(m);
      }
    });
  }

  /**
   * Runs the jar with {@code args}; an argument {@code {name}} is replaced by the path of a file holding
   * {@code files.get(name)} as JSON (a string value is written as is, for malformed-file tests).
   */
  public ConnectorResult run(List<String> args, Map<String, ?> files, Iterator<String> stdin) {
    return run(args, files, stdin, false);
  }

  /**
   * @param echoesStates the connector is a destination that echoes the states it reads: they are checked only for
   *     what the destination adds, since the protocol requires echoing states verbatim even when they break the
   *     schema (the acceptance tests send GLOBAL states without {@code stream_states})
   */
  private ConnectorResult run(List<String> args, Map<String, ?> files, Iterator<String> stdin,
      boolean echoesStates) {
    long start = System.nanoTime();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("connector-run-");
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(jvmOptions);
      command.add("-jar");
      command.add(jar.toAbsolutePath().toString());
      for (String arg : args) {
        if (arg.startsWith("{") && arg.endsWith("}") && files.containsKey(arg.substring(1, arg.length() - 1))) {
          String name = arg.substring(1, arg.length() - 1);
          Path file = dir.resolve(name + ".json");
          Object content = files.get(name);
          Files.writeString(file, content instanceof String s ? s : ProtocolCodec.serialize(content));
          command.add(file.toString());
        } else {
          command.add(arg);
        }
      }
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      Process process = builder.start();
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process), PIPES);
      CompletableFuture<List<JsonNode>> stdout = CompletableFuture.supplyAsync(
          () -> parseStdout(process, listener, echoesStates), PIPES);
      CompletableFuture<Void> feeder = CompletableFuture.runAsync(() -> feed(process, stdin), PIPES);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("The connector did not finish within " + timeout + ": " + args);
      }
      feeder.exceptionally(e -> null).get(10, TimeUnit.SECONDS);
      return new ConnectorResult(process.exitValue(), stdout.get(30, TimeUnit.SECONDS),
          stderr.get(30, TimeUnit.SECONDS), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      if (e.getCause() instanceof AssertionError a) {
        throw a;
      }
      throw new IllegalStateException(e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void feed(Process process, Iterator<String> lines) {
    try (Writer in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
        1 << 16)) {
      while (lines.hasNext()) {
        in.write(lines.next());
        in.write('\n');
      }
    } catch (IOException e) {
      // The connector stopped reading (it failed or finished early); its exit code tells why.
    }
  }

  private static List<JsonNode> parseStdout(Process process, Consumer<JsonNode> listener,
      boolean echoesStates) {
    List<JsonNode> messages = new ArrayList<>();
    int records = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      int number = 0;
      while ((line = out.readLine()) != null) {
        number++;
        JsonNode message;
        try {
          message = ProtocolCodec.readTree(line);
        } catch (JsonProcessingException e) {
          throw new AssertionError("stdout line " + number + " is not JSON: " + line);
        }
        boolean record = "RECORD".equals(message.path("type").asText());
        if (!record || records++ < MAX_SCHEMA_CHECKED_RECORDS) {
          List<String> problems = ProtocolSchema.messageProblems(echoesStates ? withoutEchoedState(message)
              : message);
          if (!problems.isEmpty()) {
            throw new AssertionError("stdout line " + number + " is not a valid Airbyte message " + problems
                + ": " + line);
          }
        }
        messages.add(message);
        listener.accept(message);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return messages;
  }

  /**
   * A STATE reduced to what a destination adds to the state it echoes ({@code destinationStats}); the rest is the
   * input's, verbatim, whatever its protocol version. Other messages unchanged.
   */
  private static JsonNode withoutEchoedState(JsonNode message) {
    if (!"STATE".equals(message.path("type").asText()) || !message.path("state").isObject()) {
      return message;
    }
    ObjectNode copy = message.deepCopy();
    ObjectNode state = (ObjectNode) copy.get("state");
    state.retain("destinationStats");
    return copy;
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(stderr unreadable: " + e.getMessage() + ")";
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A leftover temp directory is harmless.
    }
  }
}
