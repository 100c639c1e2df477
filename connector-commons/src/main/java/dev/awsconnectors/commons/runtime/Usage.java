package dev.awsconnectors.commons.runtime;

import java.util.Optional;

/** The usage text the runner prints on stderr: the commands this connector runs, their options, where to read more. */
final class Usage {
  private Usage() {}

  /**
   * @param program how the user starts the connector, e.g. {@code java -jar destination-s3.jar}
   * @param documentationUrl the spec's documentation URL, if any
   */
  static String text(String program, boolean source, boolean destination, Optional<String> documentationUrl) {
    StringBuilder out = new StringBuilder()
        .append("Usage: ").append(program).append(" <command> [options]\n\n")
        .append("Commands (an Airbyte-protocol connector; protocol messages are written to stdout, one per line):\n")
        .append("  spec                                  print the connector's specification (its config fields)\n")
        .append("  check    --config <file>              validate the config and test the connection\n");
    if (source) {
      out.append("  discover --config <file>              list the streams this source offers\n")
          .append("  read     --config <file> --catalog <file> [--state <file>]\n")
          .append("                                        read the streams of the configured catalog\n");
    }
    if (destination) {
      out.append("  write    --config <file> --catalog <file>\n")
          .append("                                        write the messages read on stdin\n");
    }
    out.append("\nOptions:\n")
        .append("  --config <file>    the configuration: a JSON object with the fields that spec lists\n")
        .append("  --catalog <file>   a configured catalog: {\"streams\": [{\"stream\": {...}, \"sync_mode\": ...,"
            + " \"destination_sync_mode\": ...}]}\n");
    if (source) {
      out.append("  --state <file>     the last state a previous read emitted (a JSON array of states)\n");
    }
    out.append("  -h, --help         print this help\n");
    documentationUrl.ifPresent(url -> out.append("\nDocumentation: ").append(url).append('\n'));
    return out.toString();
  }
}
