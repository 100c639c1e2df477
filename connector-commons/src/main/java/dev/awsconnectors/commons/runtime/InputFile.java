package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON files named on the command line, with messages that never quote the content (secrets). */
final class InputFile {
  private InputFile() {}

  /** A file that is missing or unreadable: a problem with the invocation, not with the file's content. */
  static final class UnreadableFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableFileException(ConfigErrorException error) {
      super(error);
    }

    ConfigErrorException error() {
      return (ConfigErrorException) getCause();
    }
  }

  static String read(Path file, String role) {
    if (!Files.isRegularFile(file)) {
      throw new UnreadableFileException(new ConfigErrorException(
          "The " + role + " file '" + file + "' does not exist or is not a regular file."));
    }
    try {
      return Files.readString(file);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableFileException(new ConfigErrorException(
          "The " + role + " file '" + file + "' cannot be read: " + e.getClass().getSimpleName() + "."));
    }
  }

  /** Parses the file; malformed JSON gives a config error naming the line and column, nothing else. */
  static JsonNode readJson(Path file, String role) {
    String text = read(file, role);
    try {
      JsonNode node = ProtocolCodec.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new ConfigErrorException("The " + role + " file '" + file + "' is empty; it must hold JSON.");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ConfigErrorException("The " + role + " file '" + file + "' is not valid JSON" + where(e) + ".");
    }
  }

  static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    if (at == null || at.getLineNr() < 0) {
      return "";
    }
    return " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }
}
