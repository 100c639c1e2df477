package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteAnalyticsTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteEstimateTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage.AirbyteStreamStatus;
import dev.awsconnectors.commons.protocol.AirbyteTraceMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/** Where a connector writes protocol messages. Thread-safe: every message goes out whole, on its own line. */
public interface MessageOutput {

  void emit(AirbyteMessage message);

  /** Writes {@code {"type":"STATE","state":<state>}} with the state object exactly as given (a destination's echo). */
  void emitState(ObjectNode state);

  /** The clock used for {@code emitted_at}. */
  Clock clock();

  default void record(AirbyteRecordMessage record) {
    emit(AirbyteMessage.of(record));
  }

  /**
   * Writes a RECORD of {@code stream} whose data the caller already serialized: {@code data} is one JSON value as
   * UTF-8, exactly as the protocol codec writes it, and the line is byte for byte the one
   * {@link #record(AirbyteRecordMessage)} writes for the same record. Spares a source that produces JSON anyway
   * building a tree and serializing it again. The default parses {@code data} and writes the record; the runner's
   * stdout copies the bytes.
   */
  default void record(RecordLines stream, byte[] data, long emittedAt) {
    JsonNode tree;
    try {
      tree = ProtocolCodec.mapper().readTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException("A serialized record is not JSON", e);
    }
    record(new AirbyteRecordMessage(stream.stream().namespace(), stream.stream().name(), tree, emittedAt));
  }

  default void state(AirbyteStateMessage state) {
    emit(AirbyteMessage.of(state));
  }

  default void streamStatus(StreamDescriptor stream, AirbyteStreamStatus status) {
    emit(AirbyteMessage.of(AirbyteTraceMessage.of(clock().millis(),
        new AirbyteStreamStatusTraceMessage(stream, status))));
  }

  default void estimate(AirbyteEstimateTraceMessage estimate) {
    emit(AirbyteMessage.of(AirbyteTraceMessage.of(clock().millis(), estimate)));
  }

  default void analytics(String type, String value) {
    emit(AirbyteMessage.of(AirbyteTraceMessage.of(clock().millis(),
        new AirbyteAnalyticsTraceMessage(type, value, null))));
  }
}
