package dev.awsconnectors.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions of a connector's Dockerfile that the platform's conventions are about. */
record Dockerfiles(String from, Map<String, String> env, List<String> entrypoint, Map<String, String> labels,
    String user, List<Copy> copies) {

  record Copy(String source, String destination) {}

  private static final Pattern KEY_VALUE = Pattern.compile("([\\w.\\-]+)=(\"([^\"]*)\"|(\\S+))");

  static Dockerfiles parse(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String from = null;
    String user = null;
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    List<String> entrypoint = List.of();
    List<Copy> copies = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String instruction = line.split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
      String rest = line.substring(instruction.length()).strip();
      switch (instruction) {
        case "FROM" -> from = rest;
        case "USER" -> user = rest;
        case "ENV" -> env.putAll(keyValues(rest));
        case "LABEL" -> labels.putAll(keyValues(rest));
        case "ENTRYPOINT" -> entrypoint = jsonArray(rest);
        case "COPY" -> {
          List<String> words = new ArrayList<>(List.of(rest.split("\\s+")));
          words.removeIf(w -> w.startsWith("--"));
          copies.add(new Copy(words.get(0), words.get(1)));
        }
        default -> { }
      }
    }
    return new Dockerfiles(from, env, entrypoint, labels, user, copies);
  }

  private static Map<String, String> keyValues(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = KEY_VALUE.matcher(text);
    while (m.find()) {
      out.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
    }
    return out;
  }

  private static List<String> jsonArray(String text) {
    try {
      List<String> out = new ArrayList<>();
      dev.awsconnectors.commons.protocol.ProtocolCodec.readTree(text).forEach(n -> out.add(n.asText()));
      return out;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("ENTRYPOINT must be in JSON (exec) form: " + text);
    }
  }
}
