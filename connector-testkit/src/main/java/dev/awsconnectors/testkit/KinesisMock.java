package dev.awsconnectors.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * kinesis-mock (npm package {@code kinesis-local}, the Kinesis engine LocalStack uses) as a child process on free
 * ports. The package is installed once, at the version pinned in the bundled {@code package-lock.json}, into a cache
 * directory ({@code KINESIS_MOCK_HOME}, default {@code ~/.cache/aws-connectors/kinesis-mock}), guarded by a file lock
 * so parallel builds do not collide. Needs {@code node} and {@code npm} on the PATH.
 *
 * <p>kinesis-mock binds every interface unless told otherwise; a preload script ({@code loopback-only.cjs}, shared
 * with {@code run-local-aws.sh}) keeps it on 127.0.0.1. With {@code KINESIS_ENDPOINT} set,
 * an already running emulator is used instead and nothing is started. Its log goes to {@code target/emulators/} when
 * run from a module directory (as Maven runs tests), else to a temporary file deleted when it stops: a start leaves
 * nothing in {@code /tmp}.
 */
public final class KinesisMock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisMock.class);
  public static final String ACCESS_KEY = "local-access-key";
  public static final String SECRET_KEY = "local-secret-key";
  public static final Region REGION = Region.US_EAST_1;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI endpoint;
  private final Path logFile;
  private final boolean temporaryLog;

  private KinesisMock(Process process, URI endpoint, Path logFile, boolean temporaryLog) {
    this.process = process;
    this.endpoint = endpoint;
    this.logFile = logFile;
    this.temporaryLog = temporaryLog;
  }

  /** Starts a fresh emulator (or attaches to {@code KINESIS_ENDPOINT}) and waits until it answers. */
  public static KinesisMock start() {
    String external = System.getenv("KINESIS_ENDPOINT");
    if (external != null && !external.isBlank()) {
      return new KinesisMock(null, URI.create(external), null, false);
    }
    Path home = install();
    IOException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return launch(home);
      } catch (IOException e) {
        last = e;
        LOG.warn("kinesis-mock did not start (attempt {}): {}", attempt, e.getMessage());
      }
    }
    throw new UncheckedIOException("kinesis-mock could not be started", last);
  }

  public URI endpoint() {
    return endpoint;
  }

  /** The process id of the emulator this started; empty for an already running one ({@code KINESIS_ENDPOINT}). */
  public java.util.OptionalLong pid() {
    return process == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(process.pid());
  }

  /** A client for test setup and assertions (CBOR on, as the SDK's default). */
  public KinesisClient client() {
    return KinesisClient.builder()
        .endpointOverride(endpoint)
        .region(REGION)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClient(ApacheHttpClient.builder().maxConnections(20).build())
        .build();
  }

  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (temporaryLog) {
      deleteQuietly(logFile);
    }
  }

  /** Installs the pinned package unless the cache already holds exactly this lock file's install. */
  static Path install() {
    String override = System.getenv("KINESIS_MOCK_HOME");
    Path home = override != null && !override.isBlank() ? Path.of(override)
        : Path.of(System.getProperty("user.home"), ".cache", "aws-connectors", "kinesis-mock");
    try {
      Files.createDirectories(home);
      byte[] packageJson = resource("kinesis-mock/package.json");
      byte[] lock = resource("kinesis-mock/package-lock.json");
      String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lock));
      Path marker = home.resolve(".installed");
      try (FileChannel channel = FileChannel.open(home.resolve(".install.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
        if (Files.exists(marker) && Files.readString(marker).equals(fingerprint)
            && Files.exists(mainScript(home))) {
          return home;
        }
        LOG.warn("Installing kinesis-mock (npm ci) into {}", home);
        Files.write(home.resolve("package.json"), packageJson);
        Files.write(home.resolve("package-lock.json"), lock);
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
            .directory(home.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.exists(mainScript(home))) {
          throw new IOException("npm ci failed in " + home + ":\n" + output);
        }
        Files.writeString(marker, fingerprint);
        return home;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot install kinesis-mock (needs node and npm on the PATH)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while installing kinesis-mock", e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KinesisMock launch(Path home) throws IOException {
    int plainPort = FreePorts.next();
    int tlsPort = FreePorts.next();
    Path target = Path.of("target");
    boolean temporaryLog = !Files.isDirectory(target);
    Path logFile = temporaryLog ? Files.createTempFile("kinesis-mock-" + plainPort + "-", ".log")
        : Files.createDirectories(target.resolve("emulators")).resolve("kinesis-mock-" + plainPort + ".log");
    // kinesis-mock listens on every interface by default; the preload keeps it on loopback.
    Path preload = home.resolve("loopback-only.cjs");
    byte[] preloadScript = resource("kinesis-mock/loopback-only.cjs");
    if (!Files.exists(preload) || !java.util.Arrays.equals(Files.readAllBytes(preload), preloadScript)) {
      Path written = Files.write(Files.createTempFile(home, "loopback-only", ".tmp"), preloadScript);
      Files.move(written, preload, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    ProcessBuilder builder = new ProcessBuilder(List.of("node", "--require", preload.toString(),
        mainScript(home).toString()))
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile());
    Map<String, String> env = builder.environment();
    env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort));
    env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
    env.put("KINESIS_MOCK_CERT_PATH", home.resolve("node_modules/kinesis-local/server.json").toString());
    env.put("LOG_LEVEL", "WARN");
    env.put("SHOULD_PERSIST_DATA", "false");
    env.put("SHARD_LIMIT", "10000");
    env.put("ON_DEMAND_STREAM_COUNT_LIMIT", "1000");
    for (String operation : new String[] {"CREATE_STREAM", "DELETE_STREAM", "MERGE_SHARDS", "SPLIT_SHARD",
        "UPDATE_SHARD_COUNT", "UPDATE_STREAM_MODE", "REGISTER_STREAM_CONSUMER"}) {
      env.put(operation + "_DURATION", "50ms");
    }
    Process process = builder.start();
    URI endpoint = URI.create("http://127.0.0.1:" + plainPort);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IOException("kinesis-mock exited with " + process.exitValue() + ": " + tail(logFile));
        }
        if (healthy(endpoint)) {
          LOG.info("kinesis-mock ready at {} (pid {}), log in {}", endpoint, process.pid(), logFile);
          KinesisMock mock = new KinesisMock(process, endpoint, logFile, temporaryLog);
          Runtime.getRuntime().addShutdownHook(new Thread(mock::close));
          return mock;
        }
        sleep(100);
      }
      throw new IOException("kinesis-mock did not answer within " + START_TIMEOUT + ": " + tail(logFile));
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      if (temporaryLog) {
        deleteQuietly(logFile);
      }
      throw e;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("Cannot delete {}", file, e);
    }
  }

  private static boolean healthy(URI endpoint) {
    try {
      HttpURLConnection c = (HttpURLConnection) endpoint.resolve("/healthcheck").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(1000);
      return c.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** The last lines of the emulator's log, for failure messages. */
  public String logTail() {
    return logFile == null ? "(external emulator)" : tail(logFile);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(log));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static Path mainScript(Path home) {
    return home.resolve("node_modules/kinesis-local/main.js");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = KinesisMock.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("Missing resource " + name);
      }
      return in.readAllBytes();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
