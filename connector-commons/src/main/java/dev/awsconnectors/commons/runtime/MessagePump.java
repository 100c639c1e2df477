package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.LastStreamLookup;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.state.IncomingState;
import java.io.IOException;
import java.util.Set;

/**
 * Hands every message of a destination's stdin to its writer, in order: records of configured streams (their data
 * kept as bytes if the writer reads it so, see {@link RecordLineParser}), states with their raw form for the verbatim
 * echo, traces. Messages of other or unknown types are skipped; enum values the model does not know are kept and
 * reported once each. A line that is not a protocol message, or not UTF-8, fails the write
 * naming its number.
 */
final class MessagePump {
  private final LastStreamLookup<Boolean> isConfigured;
  private final UnknownValueWarnings warnings;
  private final ObjectReader reader;
  private final RecordLineParser recordLines;

  /** What the input held, for the closing log line. */
  record Counts(long lines, long records, long states) {}

  MessagePump(Set<StreamDescriptor> configured, UnknownValueWarnings warnings) {
    this.isConfigured = new LastStreamLookup<>(configured::contains);
    this.warnings = warnings;
    this.reader = ProtocolCodec.messageReader(warnings);
    this.recordLines = new RecordLineParser(warnings);
  }

  Counts pump(Utf8Lines in, DestinationWriter writer) throws Exception {
    long records = 0;
    long states = 0;
    boolean dataAsBytes = writer.readsDataAsBytes();
    while (nextLine(in)) {
      long lineNumber = in.number();
      warnings.reading("stdin", lineNumber);
      IncomingRecord record = dataAsBytes ? recordLines.parse(in.bytes(), in.start(), in.length()) : null;
      if (record == null) {
        if (isAsciiBlank(in.bytes(), in.start(), in.length())) {
          continue;
        }
        AirbyteMessage message = parse(in, lineNumber);
        if (message == null) {
          continue; // blank in Unicode's sense
        }
        switch (message.type().known()) {
          case RECORD -> record = checked(message.record(), lineNumber);
          case STATE -> {
            if (message.state() == null) {
              throw new SystemErrorException("stdin line " + lineNumber + " is a STATE without a 'state' object.");
            }
            writer.acceptState(new IncomingState(message.state(), (ObjectNode) ProtocolCodec.readTree(in.text())
                .get("state")));
            states++;
          }
          case TRACE -> {
            if (message.trace() != null) {
              writer.acceptTrace(message.trace());
            }
          }
          case LOG, SPEC, CONNECTION_STATUS, CATALOG, CONTROL, DESTINATION_CATALOG, UNKNOWN -> {
            // Not for destinations; an unknown type was reported when it was read.
          }
        }
        if (record == null) {
          continue;
        }
      }
      if (!isConfigured.get(record.streamDescriptor())) {
        throw new SystemErrorException("stdin line " + lineNumber + " is a record of stream '"
            + record.streamDescriptor() + "', which is not in the configured catalog.");
      }
      try {
        writer.acceptRecord(record);
      } catch (ConnectorException e) {
        throw aboutLine(e, record.streamDescriptor(), lineNumber);
      }
      records++;
    }
    return new Counts(in.number(), records, states);
  }

  /** The record of a RECORD message read in full, if it has what every destination needs. */
  private static IncomingRecord checked(AirbyteRecordMessage record, long lineNumber) {
    if (record == null || record.stream() == null || record.data() == null || !record.data().isObject()) {
      throw new SystemErrorException("stdin line " + lineNumber
          + " is a RECORD without a stream name or without an object in 'data'.");
    }
    return IncomingRecord.of(record);
  }

  /**
   * A failure that names the record's stream is about that record (a refused payload, an oversized record): it
   * becomes the same failure with "stdin line N: " in front, so the user can find the record. Other failures (a send
   * or upload of earlier records that failed meanwhile, surfaced by this call) pass unchanged.
   */
  static ConnectorException aboutLine(ConnectorException e, StreamDescriptor stream, long lineNumber) {
    if (e.stream().map(s -> !s.key().equals(stream.key())).orElse(true)) {
      return e;
    }
    String message = "stdin line " + lineNumber + ": " + e.getMessage();
    ConnectorException located = e instanceof ConfigErrorException
        ? new ConfigErrorException(message, e.getCause(), stream)
        : e instanceof TransientErrorException ? new TransientErrorException(message, e.getCause(), stream)
        : new SystemErrorException(message, e.getCause(), stream);
    located.setStackTrace(e.getStackTrace());
    return located;
  }

  /** A line that is not UTF-8 fails as a malformed line does; it is never altered into something valid. */
  private static boolean nextLine(Utf8Lines in) throws IOException {
    try {
      return in.advance();
    } catch (Utf8Lines.MalformedLineException e) {
      throw new SystemErrorException("stdin " + e.getMessage() + ". The input must be UTF-8, as the protocol "
          + "requires.", e);
    }
  }

  /** Whether the line is empty or only ASCII whitespace; the first byte of a message line answers. */
  private static boolean isAsciiBlank(byte[] bytes, int start, int length) {
    for (int i = start; i < start + length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != '\f' && b != 0x0B) {
        return false;
      }
    }
    return true;
  }

  /**
   * The message of a line, read from its UTF-8 bytes (no text made of it first); null if the line is blank in
   * Unicode's sense. A malformed line is reported with the column Jackson counts in its text, as before.
   */
  private AirbyteMessage parse(Utf8Lines in, long lineNumber) {
    AirbyteMessage message;
    try {
      message = reader.readValue(in.bytes(), in.start(), in.length());
    } catch (IOException e) {
      String line = in.text();
      if (line.isBlank()) {
        return null;
      }
      return parse(line, lineNumber); // the text parser's error names the line and column as before
    }
    if (message == null || message.type() == null) {
      throw new SystemErrorException("stdin line " + lineNumber + " is not an Airbyte message: it has no 'type'.");
    }
    return message;
  }

  private AirbyteMessage parse(String line, long lineNumber) {
    try {
      AirbyteMessage message = reader.readValue(line);
      if (message == null || message.type() == null) {
        throw new SystemErrorException("stdin line " + lineNumber + " is not an Airbyte message: it has no 'type'.");
      }
      return message;
    } catch (JsonProcessingException e) {
      throw new SystemErrorException("stdin line " + lineNumber + " is not a valid Airbyte message"
          + InputFile.where(e).replace("(line 1, ", "(") + ": " + e.getOriginalMessage(), e);
    }
  }
}
