package dev.awsconnectors.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.testkit.ProtocolSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The images cannot be built here (no Docker engine), so their Dockerfiles and metadata are checked statically
 * against each other and the jar, and the image's entrypoint is run the way the platform runs it, from a directory
 * laid out like the image.
 */
class DockerImageIT {
  private static final Path ROOT = Path.of(System.getProperty("repository.root", ".."));
  private static final String VERSION = System.getProperty("project.version");
  private static final Set<String> SUBTYPES = Set.of("api", "database", "datalake", "file", "custom",
      "message_queue", "unknown", "vectorstore");

  @TempDir
  Path image;

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void dockerfileAndMetadataAgreeWithEachOtherAndTheJar(Connectors connector) throws Exception {
    Path module = ROOT.resolve(connector.module);
    Dockerfiles docker = Dockerfiles.parse(module.resolve("Dockerfile"));
    JsonNode metadata = new ObjectMapper(new YAMLFactory()).readTree(module.resolve("metadata.yaml").toFile());
    JsonNode data = metadata.get("data");

    assertThat(docker.from()).as("base image pinned by digest").contains("@sha256:");
    assertThat(docker.env().get("AIRBYTE_ENTRYPOINT")).as("AIRBYTE_ENTRYPOINT")
        .isEqualTo(String.join(" ", docker.entrypoint()))
        .startsWith("/");
    assertThat(docker.labels()).containsEntry("io.airbyte.name", data.path("dockerRepository").asText())
        .containsEntry("io.airbyte.version", data.path("dockerImageTag").asText());
    assertThat(data.path("dockerImageTag").asText()).isEqualTo(VERSION);
    assertThat(docker.user()).isIn("1000", "1000:1000", "airbyte");
    assertThat(docker.copies()).extracting(Dockerfiles.Copy::source)
        .contains("target/" + connector.module + ".jar");
    for (Dockerfiles.Copy copy : docker.copies()) {
      assertThat(module.resolve(copy.source())).as("COPY source " + copy.source()).isRegularFile();
    }
    assertThat(docker.copies()).extracting(Dockerfiles.Copy::destination).contains(docker.entrypoint().get(0));
    assertThat(module.resolve(".dockerignore")).isRegularFile();

    assertThat(metadata.path("metadataSpecVersion").asText()).isEqualTo("1.0");
    List<String> topLevel = new ArrayList<>();
    metadata.fieldNames().forEachRemaining(topLevel::add);
    assertThat(topLevel).containsExactlyInAnyOrder("metadataSpecVersion", "data");
    for (String field : List.of("name", "definitionId", "connectorType", "dockerRepository", "dockerImageTag",
        "license", "documentationUrl", "githubIssueLabel", "connectorSubtype", "releaseStage")) {
      assertThat(data.path(field).asText()).as("metadata data." + field).isNotBlank();
    }
    assertThat(UUID.fromString(data.path("definitionId").asText())).isNotNull();
    assertThat(data.path("connectorType").asText()).isEqualTo(connector.destination ? "destination" : "source");
    assertThat(data.path("connectorSubtype").asText()).isIn(SUBTYPES);
    assertThat(data.path("releaseStage").asText()).isIn("alpha", "beta", "generally_available", "custom");
    assertThat(data.path("documentationUrl").asText()).startsWith("https://")
        .endsWith("/docs/" + connector.module + ".md");
    assertThat(ROOT.resolve("docs/" + connector.module + ".md")).as("user doc page").isRegularFile();
  }

  @ParameterizedTest
  @EnumSource(Connectors.class)
  void entrypointRunsSpecAndCheckAsThePlatformRunsThem(Connectors connector) throws Exception {
    String entrypoint = install(connector);
    Path config = inImage("/config");
    Files.writeString(config.resolve("connectionConfiguration.json"),
        ProtocolCodec.serialize(connector.unreachableConfig()));

    List<JsonNode> spec = platformRun(entrypoint, "spec", config, "");
    assertThat(spec).extracting(m -> m.path("type").asText()).containsOnlyOnce("SPEC");

    List<JsonNode> check = platformRun(entrypoint,
        "check --config " + config.resolve("connectionConfiguration.json"), config, "");
    assertThat(check).filteredOn(m -> m.path("type").asText().equals("CONNECTION_STATUS")).hasSize(1);

    List<JsonNode> withJavaOpts = platformRun(entrypoint, "spec", config, "-DLOG_LEVEL=DEBUG -Xmx256m");
    assertThat(withJavaOpts).extracting(m -> m.path("type").asText()).containsOnlyOnce("SPEC");
    List<JsonNode> javaVersionOnly = platformRunRaw(entrypoint, "spec", config, "-version");
    assertThat(javaVersionOnly).as("JAVA_OPTS reaches the JVM: -version runs instead of the connector").isEmpty();
  }

  /**
   * destination-s3's launcher runs the serial collector on 2 CPUs, where the JVM alone picks G1 (the control: the
   * launcher of destination-kinesis), unless JAVA_OPTS names a collector; with it, a heap kept close to what is live
   * (MinHeapFreeRatio 10 instead of the JVM's 40), unless JAVA_OPTS names either ratio (the JVM refuses a minimum
   * above the maximum, so the launcher's maximum must not stay next to the platform's minimum).
   */
  @Test
  @Timeout(180)
  void destinationS3RunsTheSerialCollectorOnTwoCpusUnlessJavaOptsNamesOne() throws Exception {
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset")),
        "needs 2 CPUs and taskset");
    String s3 = install(Connectors.DESTINATION_S3);
    String kinesis = install(Connectors.DESTINATION_KINESIS);
    assumeTrue(collector(kinesis, "").equals("G1"), "the JVM picks G1 by itself on 2 CPUs of this machine");
    assertThat(collector(s3, "")).isEqualTo("Serial");
    assertThat(collector(s3, "-XX:+UseParallelGC")).isEqualTo("Parallel");
    assertThat(collector(s3, "-Xmx256m -XX:+UseG1GC")).isEqualTo("G1");
    assertThat(minHeapFreeRatio(s3, "")).isEqualTo("10");
    assertThat(minHeapFreeRatio(s3, "-XX:MinHeapFreeRatio=50")).isEqualTo("50");
    assertThat(minHeapFreeRatio(s3, "-XX:MaxHeapFreeRatio=50")).isEqualTo("40");
  }

  /** The collector the JVM of {@code entrypoint spec} reports, run by the platform's command on CPUs 0 and 1. */
  private String collector(String entrypoint, String javaOpts) throws Exception {
    return onTwoCpus(entrypoint, javaOpts + " -Xlog:gc:stderr", "jobError.txt", "Using (\\w+)");
  }

  private String minHeapFreeRatio(String entrypoint, String javaOpts) throws Exception {
    return onTwoCpus(entrypoint, javaOpts + " -XX:+PrintFlagsFinal", "jobOutput.json",
        "\\bMinHeapFreeRatio\\s*=\\s*(\\d+)");
  }

  /** Runs {@code entrypoint spec} by the platform's command on CPUs 0 and 1; the first group of what one file shows. */
  private String onTwoCpus(String entrypoint, String javaOpts, String file, String regex) throws Exception {
    Path config = inImage("/config");
    ProcessBuilder builder = new ProcessBuilder("taskset", "-c", "0,1", "sh", "-c",
        "eval \"$AIRBYTE_ENTRYPOINT spec\" > jobOutput.json 2> jobError.txt").directory(config.toFile());
    builder.environment().put("AIRBYTE_ENTRYPOINT", entrypoint);
    builder.environment().put("JAVA_OPTS", javaOpts);
    Process process = builder.start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).isZero();
    Matcher found = Pattern.compile(regex).matcher(Files.readString(config.resolve(file)));
    assertThat(found.find()).as("the JVM's %s shows %s", file, regex).isTrue();
    return found.group(1);
  }

  /** Copies the connector's files where its Dockerfile puts them; returns its AIRBYTE_ENTRYPOINT in that layout. */
  private String install(Connectors connector) throws IOException {
    Path module = ROOT.resolve(connector.module);
    Dockerfiles docker = Dockerfiles.parse(module.resolve("Dockerfile"));
    for (Dockerfiles.Copy copy : docker.copies()) {
      Path target = inImage(copy.destination());
      Files.createDirectories(target.getParent());
      Files.copy(module.resolve(copy.source()), target, StandardCopyOption.COPY_ATTRIBUTES);
    }
    Files.createDirectories(inImage("/config"));
    return inImage(docker.env().get("AIRBYTE_ENTRYPOINT")).toString();
  }

  private Path inImage(String absolute) {
    return image.resolve(absolute.substring(1));
  }

  /** {@code sh -c 'eval "$AIRBYTE_ENTRYPOINT <op>"' > jobOutput.json}, in /config, as the platform does. */
  private static List<JsonNode> platformRun(String entrypoint, String operation, Path workdir, String javaOpts)
      throws Exception {
    List<JsonNode> messages = platformRunRaw(entrypoint, operation, workdir, javaOpts);
    for (JsonNode m : messages) {
      assertThat(ProtocolSchema.messageProblems(m)).as(m.toString()).isEmpty();
    }
    return messages;
  }

  private static List<JsonNode> platformRunRaw(String entrypoint, String operation, Path workdir, String javaOpts)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c",
        "eval \"$AIRBYTE_ENTRYPOINT " + operation + "\" > jobOutput.json 2> jobError.txt")
        .directory(workdir.toFile());
    builder.environment().put("AIRBYTE_ENTRYPOINT", entrypoint);
    builder.environment().put("JAVA_OPTS", javaOpts);
    Process process = builder.start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    List<JsonNode> messages = new ArrayList<>();
    for (String line : Files.readAllLines(workdir.resolve("jobOutput.json"), StandardCharsets.UTF_8)) {
      messages.add(ProtocolCodec.readTree(line));
    }
    return messages;
  }
}
